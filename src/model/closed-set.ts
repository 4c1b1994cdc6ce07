// The check behind every list of a closed set's members (PROBLEM_CODES, ELF_ERROR_CODES, ...): a tuple of
// these, each `true`, fails to compile when a member of the union is missing from its list.

/** `true` when `Listed` names every member of `All`, else `false`. */
export type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
