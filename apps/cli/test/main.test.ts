import { describe, expect, it } from 'vitest';
import { commands, main } from '../src/main.js';
import { recordingIo } from './io.js';

describe('spectra dispatcher', () => {
  it('lists every command in --help and exits 0', async () => {
    const io = recordingIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const c of commands) expect(io.out()).toContain(c.name);
  });

  it('exits 2 with one line for an unknown command or option', async () => {
    const io = recordingIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    const io2 = recordingIo();
    expect(await main(['describe', '--no-such-flag'], io2)).toBe(2);
    expect(io2.err()).toMatch(/--help/);
  });

  it('prints each command\'s help', async () => {
    for (const c of commands) {
      const io = recordingIo();
      expect(await main([c.name, '--help'], io)).toBe(0);
      expect(io.out().length).toBeGreaterThan(20);
    }
  });
});

describe('negative option values', () => {
  it('`--sigma-w2 -2` reaches the command (one-line E_ARGUMENT), not the parser', async () => {
    const io = recordingIo();
    const code = await main(['meanfield', '--activation', 'tanh', '--sigma-w2', '-2'], io);
    expect(code).toBe(1);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.err()).toMatch(/E_ARGUMENT/);
  });
});
