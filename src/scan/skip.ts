// The fast default: file name endings that are never ELF in practice and are not opened.
// `--all-files` opens everything; `npm run bench` checks both modes find the same ELF files.

/** Endings (lower case, without the dot) whose files are not sniffed by default. */
export const TEXT_EXTENSIONS: ReadonlySet<string> = new Set([
  "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "map", "json", "json5", "md", "markdown",
  "mdx", "txt", "css", "scss", "sass", "less", "html", "htm", "xml", "svg", "yml", "yaml", "toml",
  "lock", "flow", "coffee", "vue", "svelte", "astro", "graphql", "gql", "snap", "csv", "tsv",
  "ini", "cfg", "conf", "license", "licence", "rst", "adoc", "py", "pyi", "pyc", "pl", "pm",
  "rb", "php", "lua", "tcl", "el", "elc", "h", "hh", "hpp", "c", "cc", "cpp", "cxx", "rs", "go",
  "java", "kt", "scala", "swift", "cs", "png", "jpg", "jpeg", "gif", "webp", "avif", "ico",
  "bmp", "tif", "tiff", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "ogg", "wav", "flac",
  "webm", "pdf", "gz", "tgz", "bz2", "xz", "zst", "zip", "br", "mo", "po", "pot", "la", "pc",
  "cmake", "gir", "typelib", "mod", "sum", "properties", "gyp", "gypi", "mk", "in", "ac", "am",
]);

/** True when the default mode skips this file name without opening it. */
export function skippedByName(name: string): boolean {
  const dot = name.lastIndexOf(".");
  if (dot <= 0 || dot === name.length - 1) return false;
  return TEXT_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
