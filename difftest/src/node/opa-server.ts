/**
 * One `opa run --server` process, listening on loopback only, that evaluates cases one after
 * the other: PUT the case's data, PUT its module, POST `data.p` with its input. Much faster
 * than one `opa eval` process per case, and errors stay separate per case (a batch bundle
 * with one package per case would fail as a whole on one compile error).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Value } from '@rego-ts/rego-eval';
import type { Case } from '../generate/case.js';
import { errorOutcome, parseGoJSON, valueOutcome, type Outcome } from '../outcome.js';
import { MODULE_FILE } from '../rego-ts-engine.js';

interface OpaError {
  code: string;
  message: string;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export class OpaServer {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly base: string,
  ) {}

  static async start(opaBin: string): Promise<OpaServer> {
    const port = await freePort();
    const addr = `127.0.0.1:${port}`;
    const proc = spawn(opaBin, ['run', '--server', '--addr', addr, '--log-level', 'error', '--skip-version-check'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // Never leave an opa behind: killed with this process (see the signal handlers in cli.ts).
    const killOnExit = () => proc.kill();
    process.once('exit', killOnExit);
    proc.once('exit', () => process.off('exit', killOnExit));
    let stderr = '';
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const server = new OpaServer(proc, `http://${addr}`);
    for (let i = 0; i < 100; i++) {
      if (proc.exitCode !== null) break;
      try {
        const r = await fetch(`${server.base}/health`);
        if (r.ok) return server;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    proc.kill();
    throw new Error(`opa server did not start on ${addr}: ${stderr}`);
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill();
    await exited;
  }

  /**
   * Evaluates a case; `timeout` when opa takes longer than `timeoutMs`, `crash` when the
   * server went away (either way the caller starts a new server). `recompile`: compile the
   * module afresh even when it is the one opa holds.
   */
  async evaluate(c: Case, timeoutMs = 10_000, recompile = false): Promise<Outcome | 'timeout' | 'crash'> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      // opa keeps a module PUT again unchanged as it is, without compiling it again.
      if (recompile) await this.request('DELETE', `/v1/policies/${MODULE_FILE}`, undefined, signal);
      const d = await this.request('PUT', '/v1/data', JSON.stringify(c.data), signal);
      if (d.status >= 300) throw new Error(`opa rejected the data: ${d.text}`);
      const p = await this.request('PUT', `/v1/policies/${MODULE_FILE}`, c.module, signal);
      if (p.status >= 300) return errorOutcome('compile_error', this.errors(p.text));
      const q = await this.request('POST', '/v1/data/p', c.input === undefined ? '{}' : JSON.stringify({ input: c.input }), signal);
      if (q.status >= 300) return errorOutcome('eval_error', this.errors(q.text));
      const body = parseGoJSON(q.text) as { [k: string]: Value };
      return valueOutcome(Object.hasOwn(body, 'result') ? body['result'] : undefined);
    } catch (e) {
      if (signal.aborted) {
        // The query may still run: restart-free recovery is not possible, so callers restart.
        return 'timeout';
      }
      if (this.proc.exitCode !== null || this.proc.signalCode !== null || (e instanceof TypeError && /fetch failed/.test(e.message))) return 'crash';
      throw e;
    }
  }

  private errors(text: string): OpaError[] {
    const body = JSON.parse(text) as { code?: string; message?: string; errors?: OpaError[] };
    if (body.errors?.length) return body.errors;
    return [{ code: body.code ?? 'unknown', message: body.message ?? text }];
  }

  private async request(method: string, path: string, body: string | undefined, signal: AbortSignal): Promise<{ status: number; text: string }> {
    const r = await fetch(this.base + path, { method, body, signal, headers: { 'content-type': method === 'PUT' && path.startsWith('/v1/policies') ? 'text/plain' : 'application/json' } });
    return { status: r.status, text: await r.text() };
  }
}
