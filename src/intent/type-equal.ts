/**
 * True when A and B are the same type, not merely assignable to each other (readonly and
 * optional modifiers count). It compares two generic functions, which TypeScript only relates
 * when their conditional types are identical: https://github.com/microsoft/TypeScript/issues/27024
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the two generic functions are the comparison itself
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when `T` is `true`: `Assert<Equal<z.infer<typeof schema>, Contract>>` fails the build on drift. */
export type Assert<T extends true> = T;
