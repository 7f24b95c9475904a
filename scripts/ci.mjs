// Is this a CI run? CI systems set CI to "true", "1", "yes" or similar; only an empty value or an
// explicit no ("0", "false", "no", "off") means a developer's machine.
export function isTruthyCi(value) {
  if (value === undefined) return false;
  const v = String(value).trim().toLowerCase();
  return !['', '0', 'false', 'no', 'off'].includes(v);
}
