/// <reference types="svelte" />
/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** '1' in the view-test build (`vite build --mode mocktest`): the mock backend is compiled in. */
  readonly VITE_MOCK?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
