/**
 * A Kubernetes environment variable, as in a container spec. Values from Secrets are given
 * with `valueFrom` and stay references: this library never reads a Secret.
 */
export interface EnvVariable {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
    readonly configMapKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
    readonly fieldRef?: { readonly fieldPath: string; readonly apiVersion?: string };
  };
}

/** A source of environment variables: every key of a ConfigMap or Secret. */
export interface EnvFrom {
  readonly prefix?: string;
  readonly configMapRef?: { readonly name: string; readonly optional?: boolean };
  readonly secretRef?: { readonly name: string; readonly optional?: boolean };
}
