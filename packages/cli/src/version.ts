import { readFileSync } from 'node:fs';

/** The CLI package version (from its package.json next to dist/). */
export function cliVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function versionText(): string {
  return `rego-ts ${cliVersion()}\nRego: compatible with OPA v1.17.1\n`;
}
