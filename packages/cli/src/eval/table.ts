/**
 * The box-drawn table opa's pretty output uses for bindings and multiple expressions:
 * headers centred (left gets the smaller half of the padding), cells left-aligned, one space
 * of padding each side, multi-line headers split into lines, no wrapping or trimming.
 */
import { displayWidth } from './text-width.js';

function pad(text: string, width: number, align: 'left' | 'center'): string {
  const room = width - displayWidth(text);
  if (room <= 0) return text;
  if (align === 'left') return text + ' '.repeat(room);
  const left = Math.floor(room / 2);
  return ' '.repeat(left) + text + ' '.repeat(room - left);
}

export function renderTable(headers: string[], rows: string[][]): string {
  const headerLines = headers.map((h) => h.split('\n'));
  const widths = headers.map((_, i) =>
    Math.max(...headerLines[i]!.map(displayWidth), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r + '\n';
  const line = (cells: string[], align: 'left' | 'center') =>
    '│' + cells.map((c, i) => ` ${pad(c, widths[i]!, align)} `).join('│') + '│\n';

  let out = rule('┌', '┬', '┐');
  const height = Math.max(...headerLines.map((l) => l.length));
  for (let j = 0; j < height; j++) out += line(headerLines.map((l) => l[j] ?? ''), 'center');
  out += rule('├', '┼', '┤');
  for (const r of rows) out += line(r, 'left');
  out += rule('└', '┴', '┘');
  return out;
}
