import { afterEach, describe, expect, it } from 'vitest';
import type { SharingSettings } from '../../lib/bindings';
import { MESSAGES } from '../../lib/diagnostics';
import { applyLocale } from '../../lib/i18n';
import { check, draftOf, errorWords, KIND_WORDS, needsToken, parseOrigin, parsePort, perSecond, problemWords, sameDraft } from './sharing';

afterEach(() => applyLocale('en', null));

const HOUSE = 'ECC9FF5C7F14';
const FLAT = 'B8D61A0F1E2D';

const settings = (over: Partial<SharingSettings> = {}): SharingSettings => ({
  enabled: true,
  allow_lan: false,
  port: 8437,
  compat: [],
  allowed_origins: [],
  require_token: false,
  ...over,
});

describe('sharing form', () => {
  it('round-trips the saved choices', () => {
    const s = settings({ compat: [{ meter: HOUSE, port: 8081 }, { meter: FLAT, port: 0 }], allowed_origins: ['http://homeassistant.local:8123'], require_token: true });
    const d = draftOf(s);
    expect(d.compat[FLAT]).toEqual({ on: true, port: '' });
    const { enabled: _, ...rest } = s;
    expect(check(d, [HOUSE, FLAT]).settings).toEqual(rest);
  });

  it('checks the port', () => {
    expect(parsePort('8437')).toBe(8437);
    expect(parsePort(' 1 ')).toBe(1);
    for (const bad of ['0', '65536', '-1', '84.37', '', 'abc', '123456']) expect(parsePort(bad), bad).toBeNull();
    const r = check({ ...draftOf(settings()), port: '70000' }, []);
    expect(r.settings).toBeNull();
    expect(r.problems.port).toMatch(/between 1 and 65535/);
    expect(r.problems.count).toBe(1);
  });

  it('gives each meter its own port, or an automatic one', () => {
    const d = draftOf(settings());
    d.compat[HOUSE] = { on: true, port: '8437' };
    d.compat[FLAT] = { on: true, port: '' };
    let r = check(d, [HOUSE, FLAT]);
    expect(r.problems.compat[HOUSE]).toBe("Port 8437 is WattDesk's own: give this meter another one.");
    d.compat[HOUSE] = { on: true, port: '8081' };
    d.compat[FLAT] = { on: true, port: '8081' };
    r = check(d, [HOUSE, FLAT]);
    expect(r.problems.compat[FLAT]).toBe('Port 8081 is used twice: give each meter its own.');
    d.compat[FLAT] = { on: false, port: '8081' };
    expect(check(d, [HOUSE, FLAT]).settings?.compat).toEqual([{ meter: HOUSE, port: 8081 }]);
    d.compat[FLAT] = { on: true, port: '0' };
    expect(check(d, [HOUSE, FLAT]).settings?.compat).toEqual([{ meter: HOUSE, port: 8081 }, { meter: FLAT, port: 0 }]);
  });

  it('leaves out meters that are no longer saved, and accepts ids in any case', () => {
    const d = draftOf(settings({ compat: [{ meter: 'gone00000000', port: 9000 }] }));
    expect(check(d, [HOUSE]).settings?.compat).toEqual([]);
    const e = draftOf(settings({ compat: [{ meter: 'ecc9ff5c7f14', port: 9000 }] }));
    expect(check(e, [HOUSE]).settings?.compat).toEqual([{ meter: HOUSE, port: 9000 }]);
  });

  it('accepts web pages as http(s)://host[:port] only', () => {
    expect(parseOrigin('http://homeassistant.local:8123')).toBe('http://homeassistant.local:8123');
    expect(parseOrigin('https://example.org/')).toBe('https://example.org');
    expect(parseOrigin('http://[::1]:3000')).toBe('http://[::1]:3000');
    for (const bad of ['homeassistant.local:8123', 'ftp://x', 'http://x/page', 'http://x?y', 'http://', 'http://u@x']) expect(parseOrigin(bad), bad).toBeNull();
    const d = { ...draftOf(settings()), origins: 'http://a.local:8123\n\n  https://b.example , http://a.local:8123/\nhttp://x/page' };
    const r = check(d, []);
    expect(r.problems.origins).toBe('"http://x/page" is not a web address of the form http://host:port.');
    const ok = check({ ...d, origins: 'http://a.local:8123\nhttps://b.example/, http://a.local:8123' }, []);
    expect(ok.settings?.allowed_origins).toEqual(['http://a.local:8123', 'https://b.example']);
  });

  it('knows unsaved changes', () => {
    const a = draftOf(settings({ compat: [{ meter: HOUSE, port: 0 }] }));
    const b = draftOf(settings({ compat: [{ meter: HOUSE, port: 0 }] }));
    expect(sameDraft(a, b)).toBe(true);
    b.compat[FLAT] = { on: false, port: '9000' };
    expect(sameDraft(a, b)).toBe(true);
    b.compat[HOUSE] = { on: true, port: '0' };
    expect(sameDraft(a, b)).toBe(true);
    b.allowLan = true;
    expect(sameDraft(a, b)).toBe(false);
  });

  it('needs a token on the network, or when asked', () => {
    expect(needsToken(settings())).toBe(false);
    expect(needsToken(settings({ allow_lan: true }))).toBe(true);
    expect(needsToken(settings({ require_token: true }))).toBe(true);
  });
});

describe('sharing words', () => {
  it('says which port is in use', () => {
    const w = problemWords('could not listen on 127.0.0.1:8437: Address already in use (os error 98)');
    expect(w.title).toBe('Another program on this computer already uses port 8437. Choose another port, or close that program.');
    expect(w.detail).toMatch(/os error 98/);
    expect(problemWords('could not listen on 0.0.0.0:80: Permission denied (os error 13)').title).toBe(
      'WattDesk may not use port 80 on this computer. Choose a port above 1024.',
    );
    expect(problemWords('sharing with other devices needs a token: create one first').title).toBe(MESSAGES.tokenRequired);
    expect(problemWords('the keychain failed').title).toBe('Sharing is on, but WattDesk could not start it.');
  });

  it('shows a refused choice in the backend’s words, other refusals in the app’s', () => {
    expect(errorWords({ code: 'invalid_input', message: 'port 8081 is used twice; give each meter its own' })).toEqual({
      tone: 'error',
      title: 'Port 8081 is used twice; give each meter its own.',
      detail: null,
    });
    const said = { key: 'err_sharing_port_twice', args: { port: '8081' } };
    applyLocale('de', null);
    expect(errorWords({ code: 'invalid_input', message: 'port 8081 is used twice; give each meter its own', said }).title).toBe(
      'Port 8081 ist doppelt vergeben; geben Sie jedem Zähler einen eigenen.',
    );
    applyLocale('en', null);
    expect(errorWords({ code: 'token_required', message: 'sharing with other devices needs a token: create one first' }).title).toBe(MESSAGES.tokenRequired);
    expect(errorWords({ code: 'port_in_use', message: 'could not listen' })).toMatchObject({ title: MESSAGES.portInUse, detail: 'could not listen' });
  });

  it('names connections and rates', () => {
    expect(KIND_WORDS.web_socket).toBe('Live updates (WebSocket)');
    expect(KIND_WORDS.live_stream).toBe('Reader-style live stream');
    expect(perSecond(2)).toBe('2.0');
    expect(perSecond(0.25)).toBe('0.3');
    expect(perSecond(12.4)).toBe('12');
    expect(perSecond(0)).toBe('0');
  });
});
