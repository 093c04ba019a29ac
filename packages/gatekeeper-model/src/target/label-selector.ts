/** Kubernetes label selectors (`metav1.LabelSelector`): validation and evaluation. */
import type { LabelSelector } from '../model/types.js';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function keyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  if (slash >= 0 && (prefix.length === 0 || prefix.length > 253 || !DNS1123.test(prefix))) {
    return `Invalid value: ${JSON.stringify(key)}: prefix part must be a DNS-1123 subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `Invalid value: ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

function valueError(v: string): string | undefined {
  if (v.length > 63 || !VALUE.test(v)) {
    return `Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

/** Field errors of a selector (Kubernetes `ValidateLabelSelector`), with `path` prefix. */
export function labelSelectorErrors(sel: LabelSelector, path: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  (sel.matchExpressions ?? []).forEach((r, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = r.values ?? [];
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (values.length === 0) out.push({ path: `${p}.values`, text: 'Required value: must be specified when `operator` is \'In\' or \'NotIn\'' });
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (values.length > 0) out.push({ path: `${p}.values`, text: 'Forbidden: may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'' });
    } else {
      out.push({ path: `${p}.operator`, text: `Invalid value: ${JSON.stringify(r.operator)}: not a valid selector operator` });
    }
    const ke = keyError(r.key ?? '');
    if (ke) out.push({ path: `${p}.key`, text: ke });
  });
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    const ke = keyError(k);
    if (ke) out.push({ path: `${path}.matchLabels`, text: ke });
    const ve = valueError(v);
    if (ve) out.push({ path: `${path}.matchLabels`, text: ve });
  }
  return out;
}

/** True when `labels` satisfy `sel` (AND of matchLabels and matchExpressions). Throws on bad operators. */
export function selectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(labels, k);
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (!has(k) || labels[k] !== v) return false;
  }
  for (const r of sel.matchExpressions ?? []) {
    if (!OPERATORS.has(r.operator)) throw new Error(`${JSON.stringify(r.operator)} is not a valid label selector operator`);
    const values = r.values ?? [];
    switch (r.operator) {
      case 'In':
        if (!has(r.key) || !values.includes(labels[r.key]!)) return false;
        break;
      case 'NotIn':
        if (has(r.key) && values.includes(labels[r.key]!)) return false;
        break;
      case 'Exists':
        if (!has(r.key)) return false;
        break;
      case 'DoesNotExist':
        if (has(r.key)) return false;
        break;
    }
  }
  return true;
}
