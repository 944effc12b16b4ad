/** A key of a Secret or ConfigMap. */
interface KeySelector {
  readonly name: string;
  readonly key: string;
  readonly optional?: boolean;
}

/**
 * Where a variable's value comes from: exactly one source, as the API server requires (the other
 * sources are typed `never` so that giving two does not compile).
 */
export type EnvVariableSource =
  | { readonly secretKeyRef: KeySelector; readonly configMapKeyRef?: never; readonly fieldRef?: never }
  | { readonly configMapKeyRef: KeySelector; readonly secretKeyRef?: never; readonly fieldRef?: never }
  | {
      readonly fieldRef: { readonly fieldPath: string; readonly apiVersion?: string };
      readonly secretKeyRef?: never;
      readonly configMapKeyRef?: never;
    };

/**
 * A Kubernetes environment variable, as in a container spec: a literal `value`, or `valueFrom` one
 * source, never both (the API server refuses a non-empty value beside valueFrom). Values from Secrets
 * stay references: this library never reads a Secret. Names are printable ASCII other than "=".
 */
export type EnvVariable =
  | { readonly name: string; readonly value?: string; readonly valueFrom?: never }
  | { readonly name: string; readonly value?: ''; readonly valueFrom: EnvVariableSource };

/** A source of environment variables: every key of a ConfigMap or Secret. */
export interface EnvFrom {
  readonly prefix?: string;
  readonly configMapRef?: { readonly name: string; readonly optional?: boolean };
  readonly secretRef?: { readonly name: string; readonly optional?: boolean };
}
