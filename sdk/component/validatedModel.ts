/**
 * The model is validated once: the stack program validates the whole
 * topology (sdk/stack/config.ts, validateTopology), and hands each component
 * the model it got for it along with the arguments built from that model.
 * The component then takes that model instead of validating its arguments
 * again. The pairing is private to the package and keyed by the very
 * arguments object, so nothing else can pass a model off as validated.
 */
const VALIDATED = new WeakMap<object, unknown>();

/** Records that `args` were built from `model`, which has been validated; returns `args`. */
export function withValidatedModel<A extends object, M extends object>(args: A, model: M): A {
    VALIDATED.set(args, model);
    return args;
}

/** The validated model `args` were built from, if the stack program built them. */
export function validatedModelOf<M>(args: object): M | undefined {
    return VALIDATED.get(args) as M | undefined;
}
