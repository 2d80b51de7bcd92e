// Copying a value the user needs elsewhere (an address, a token). The clipboard API first; where the window
// refuses it, the shown text is selected and the browser's copy command tried; if that fails too, the text
// stays selected so Ctrl+C copies it.
export async function copyText(text: string, shown: Node | null): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // refused (no permission, window not focused): fall back below
  }
  if (shown === null) return false;
  const selection = window.getSelection();
  selection?.selectAllChildren(shown);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
