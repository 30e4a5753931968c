import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where each apiVersion's models are: the kubernetes-models packages, generated from the Kubernetes API schemas. */
const MODULES: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

export interface ManifestDoc {
  file: string;
  doc: { apiVersion?: string; kind?: string; [key: string]: unknown };
}

interface Model {
  validate(): void;
}

/**
 * Checks documents against the Kubernetes API schemas the kubernetes-models packages carry, twice: their validate()
 * (types, formats, required fields), and TypeScript's excess-property check of each document as a literal of the
 * kind's interface, which catches a misspelt field (validate() lets unknown fields through, as the API server's
 * non-strict decoding does). Returns one message per problem.
 */
export async function kubernetesProblems(docs: ManifestDoc[]): Promise<string[]> {
  const problems: string[] = [];
  const lines: string[] = [];
  for (const [i, { file, doc }] of docs.entries()) {
    const where = `${file}: ${doc.kind ?? '?'} ${(doc['metadata'] as { name?: string } | undefined)?.name ?? ''}`;
    const module = MODULES[doc.apiVersion ?? ''];
    if (!module || !doc.kind) {
      problems.push(`${where}: no schema for apiVersion ${doc.apiVersion} kind ${doc.kind}`);
      continue;
    }
    const models = (await import(module)) as Record<string, new (data: unknown) => Model>;
    const Kind = models[doc.kind];
    if (!Kind) {
      problems.push(`${where}: ${module} has no kind ${doc.kind}`);
      continue;
    }
    try {
      new Kind(doc).validate();
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
    lines.push(`import type { I${doc.kind} as T${i} } from '${module}';`);
    lines.push(`export const d${i}: T${i} = ${JSON.stringify(doc)};`);
  }
  problems.push(...typeProblems(lines.join('\n'), docs));
  return problems;
}

function typeProblems(source: string, docs: ManifestDoc[]): string[] {
  const file = join(ROOT, 'test/manifests/__kubernetes_manifests__.ts');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === file ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    // Line 2k+1 of the generated source is document k.
    const doc = line >= 0 ? docs[Math.floor(line / 2)] : undefined;
    return `${doc ? `${doc.file}: ${doc.doc.kind}` : 'manifests'}: ${text}`;
  });
}
