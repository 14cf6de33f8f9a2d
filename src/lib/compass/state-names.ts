/**
 * Matching a variable to state loaded with `setWeights()` by name.
 *
 * State is keyed by variable name. tfjs-layers makes names unique within one JavaScript realm by
 * appending `_1`, `_2`, ... (so a model loaded next to the one it was saved from has
 * `dense_Dense1/kernel_1` where the saved state says `dense_Dense1/kernel`). A loaded name that
 * matches exactly always wins; otherwise the one unclaimed loaded name equal up to that suffix is
 * used, unless a variable stepped in the same call has exactly that loaded name (the state is
 * then that variable's); two or more candidates are ambiguous and none is used.
 */

const LAYERS_SUFFIX = /_\d+$/;

/** The name without tfjs-layers' uniqueness suffix. */
export function baseName(name: string): string {
  return name.replace(LAYERS_SUFFIX, '');
}

/**
 * The loaded name whose state `name` should take, or undefined for fresh state. `stepped` holds
 * the names of all variables being stepped together with `name`.
 */
export function matchLoadedName(name: string, unclaimed: ReadonlySet<string>, stepped: ReadonlySet<string>): string | undefined {
  if (unclaimed.has(name)) return name;
  const base = baseName(name);
  const candidates = [...unclaimed].filter((loaded) => baseName(loaded) === base && !stepped.has(loaded));
  return candidates.length === 1 ? candidates[0] : undefined;
}
