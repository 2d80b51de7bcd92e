// A minimal W3C WebDriver client (Node's fetch, no dependencies) for driving the real WattDesk window
// through tauri-driver + WebKitWebDriver, and starting that driver.
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

const ELEMENT = 'element-6066-11e4-a07c-00c0ab5e4a6a';

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities) {
    const res = await call(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, res.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Waits (polling, bounded) until an element matching the XPath exists; returns its id. */
  async find(xpath, { timeoutMs = 15000, what = xpath } = {}) {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    while (Date.now() < deadline) {
      try {
        const el = await this.cmd('POST', '/element', { using: 'xpath', value: xpath });
        // W3C key, or the legacy one some drivers still send.
        const id = el?.[ELEMENT] ?? el?.ELEMENT ?? Object.values(el ?? {})[0];
        if (typeof id !== 'string') throw new Error(`no element id in ${JSON.stringify(el)}`);
        return id;
      } catch (e) {
        lastError = e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`timed out waiting for ${what}: ${lastError?.message ?? ''}`);
  }

  async click(xpath, opts) {
    const el = await this.find(xpath, opts);
    await this.cmd('POST', `/element/${el}/click`, {});
    return el;
  }

  async type(xpath, text, opts) {
    const el = await this.find(xpath, opts);
    await this.cmd('POST', `/element/${el}/clear`, {});
    await this.cmd('POST', `/element/${el}/value`, { text });
    return el;
  }

  async text(el) {
    return this.cmd('GET', `/element/${el}/text`);
  }

  async attribute(el, name) {
    return this.cmd('GET', `/element/${el}/attribute/${name}`);
  }

  /** A DOM property (an input's current `value`, which the attribute does not follow). */
  async property(el, name) {
    return this.cmd('GET', `/element/${el}/property/${name}`);
  }

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  async end() {
    try {
      await this.cmd('DELETE', '');
    } catch {
      /* the app may already be gone */
    }
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || (json.value && json.value.error)) {
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json).slice(0, 300)}`);
  }
  return json.value;
}

/** Literal for XPath text matching (handles quotes). */
export function lit(s) {
  if (!s.includes("'")) return `'${s}'`;
  return `concat('${s.split("'").join(`', "'", '`)}')`;
}

/** Polls `fn` every 200 ms until it returns something truthy (returned), or throws after `timeoutMs`. */
export async function until(what, fn, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** A free TCP port on 127.0.0.1 (bind, read, release). */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function accepts(port) {
  return new Promise((res) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      res(true);
    });
    c.once('error', () => res(false));
  });
}

/** Starts tauri-driver on free ports with `env` added; resolves once it answers, with its URL. */
export async function startDriver(env = {}, stdio = ['ignore', 'inherit', 'inherit']) {
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    env: { ...process.env, ...env },
    stdio,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      // Asked before WebKitWebDriver listens, tauri-driver prints a frightening error with a backtrace.
      if ((await accepts(nativePort)) && (await fetch(`${url}/status`)).ok) return { driver, url };
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      driver.kill();
      throw new Error(`tauri-driver did not listen on ${port}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
