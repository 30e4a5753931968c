import { type Problems, problem, where } from './errors.js';
import { type Layers, type Resolved, resolveAll } from './resolve.js';
import { always, commaList, type SettingSpec } from './settings.js';
import type { LightbitsSettings } from './types.js';
import { bool, endpoint, pathIn, secretText, text } from './values.js';

/** Read like the other settings (flag > environment > lightbits: section of blockops.yaml), assembled below. */
const LIGHTBITS_SETTINGS: SettingSpec[] = [
  {
    key: 'endpoints',
    env: 'LIGHTBITS_API_ENDPOINTS',
    flag: 'lightbits-endpoints',
    file: 'lightbits.endpoints',
    schema: commaList(endpoint),
  },
  { key: 'jwt', env: 'LIGHTBITS_JWT', file: 'lightbits.jwt', secret: true, schema: always(secretText) },
  {
    key: 'project',
    env: 'LIGHTBITS_PROJECT',
    flag: 'lightbits-project',
    file: 'lightbits.project',
    schema: always(text),
  },
  { key: 'caFile', env: 'LIGHTBITS_CACERT', flag: 'lightbits-cacert', file: 'lightbits.cacert', schema: pathIn },
  {
    key: 'insecure',
    env: 'LIGHTBITS_INSECURE',
    flag: 'lightbits-insecure',
    file: 'lightbits.insecure',
    schema: always(bool),
  },
];

export interface LightbitsResult {
  settings: LightbitsSettings | undefined;
  sources: Map<string, Resolved>;
}

/**
 * Lightbits is configured when LIGHTBITS_API_ENDPOINTS (or lightbits.endpoints) is set; then a JWT is required.
 * Other LIGHTBITS_* settings without endpoints are an error rather than silently ignored.
 */
export async function resolveLightbits(layers: Layers, problems: Problems): Promise<LightbitsResult> {
  const { values, failed } = await resolveAll(LIGHTBITS_SETTINGS, layers, problems);
  const none = { settings: undefined, sources: values };
  if (failed.size > 0) return none;
  const endpoints = values.get('endpoints')?.value as string[] | undefined;
  if (endpoints === undefined) {
    const stray = [...values.values()][0];
    if (stray) {
      problems.add(
        problem(
          'LIGHTBITS_API_ENDPOINTS',
          `LIGHTBITS_API_ENDPOINTS is not set, but ${where(stray.source)} is: set LIGHTBITS_API_ENDPOINTS ` +
            '(or lightbits.endpoints in the config file) to the Lightbits API host:port or URLs, or remove the other Lightbits settings',
        ),
      );
    }
    return none;
  }
  const jwt = values.get('jwt')?.value as string | undefined;
  if (endpoints.length === 0) {
    problems.add(problem('LIGHTBITS_API_ENDPOINTS', `${where(values.get('endpoints')!.source)}: lists no endpoints`));
  }
  if (jwt === undefined) {
    problems.add(
      problem(
        'LIGHTBITS_JWT',
        'LIGHTBITS_JWT is not set (LIGHTBITS_API_ENDPOINTS is): set LIGHTBITS_JWT, LIGHTBITS_JWT_FILE or ' +
          'LIGHTBITS_JWT_COMMAND, or lightbits.jwt in the config file',
      ),
    );
  }
  if (endpoints.length === 0 || jwt === undefined) return none;
  const settings: LightbitsSettings = {
    endpoints,
    jwt,
    project: (values.get('project')?.value as string | undefined) ?? 'default',
  };
  const caFile = values.get('caFile')?.value as string | undefined;
  const insecure = values.get('insecure')?.value as boolean | undefined;
  if (caFile !== undefined) settings.caFile = caFile;
  if (insecure !== undefined) settings.insecure = insecure;
  return { settings, sources: values };
}
