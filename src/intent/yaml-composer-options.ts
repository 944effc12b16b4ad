import { Schema, type Tags } from 'yaml';

/**
 * The schema kubectl reads with (go-yaml v2, YAML 1.1: `yes` is true, `0777` octal, `<<` merges),
 * except timestamps: go-yaml hands an untagged timestamp to kubectl as the string it was written as.
 */
const customTags = (tags: Tags): Tags => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp');

/** How every YAML input is composed: the schema above, with errors as one-line messages. */
export const COMPOSER_OPTIONS = { prettyErrors: false, version: '1.1', customTags } as const;

/**
 * The schema each document of `COMPOSER_OPTIONS` builds for itself (as the library's Document does
 * for version 1.1), built once: at 1,000 routes that was 1,500 schemas with their tag lists. Only
 * a file without directives shares it, since a `%YAML` directive gives its documents another schema.
 */
export const SHARED_SCHEMA = new Schema({ resolveKnownTags: false, schema: 'yaml-1.1', customTags });
