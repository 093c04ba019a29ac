/**
 * The yaml package's options for decoding data and input documents as Go's yaml.v2 does (YAML
 * 1.1: `yes`, `on`, `y` are booleans), shared by the decoder and by the counts made before it
 * (which resolve mapping keys as the decoder will).
 */
import type { DocumentOptions, ParseOptions, SchemaOptions, ToJSOptions } from 'yaml';

export const yamlDecodeOptions: DocumentOptions & ParseOptions & SchemaOptions & ToJSOptions = {
  version: '1.1',
  prettyErrors: false,
  uniqueKeys: false,
  intAsBigInt: true,
  // Go's yaml.v2 leaves timestamps and sexagesimal numbers (`1:30`) as strings.
  customTags: (tags) => tags.filter((t) => typeof t === 'string' || (t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME')),
};
