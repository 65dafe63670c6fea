/**
 * Values in a configuration file may name an environment variable, `${MCDT_API_KEY}`;
 * secrets must. The file can then be committed: the values live in the environment
 * (a CI secret, a vault, an operator's shell) of whoever runs `hub apply`.
 */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const ONLY_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** The variable a value is exactly a reference to, or null. */
export function referenceIn(value: unknown): string | null {
  return typeof value === 'string' ? (ONLY_REFERENCE.exec(value.trim())?.[1] ?? null) : null;
}

/** Replaces every `${NAME}` in a string; names of unset variables are returned, not replaced. */
export function resolveReferences(value: string, env: NodeJS.ProcessEnv): { value: string; missing: string[] } {
  const missing: string[] = [];
  const out = value.replace(REFERENCE, (whole, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') {
      missing.push(name);
      return whole;
    }
    return v;
  });
  return { value: out, missing };
}

/** The variable `hub export` names for a connector's secret: `mcdt-demo` + `apiKey` → `MCDT_DEMO_API_KEY`. */
export function secretVariable(connector: string, field: string): string {
  const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${snake(connector)}_${snake(field)}`.toUpperCase();
}
