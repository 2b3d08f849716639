package fun.moonkey.revocation;

/**
 * One stage of a call to MoonKey, started within what remains of a budget. The exchange itself is a
 * step ({@link ExchangeStep}); each resilience stage wraps another step and is one too, so that
 * {@link SessionRevoker} composes them around one exchange, in the manner of decorators:
 *
 * <pre>{@code
 * retry ( breaker fail-fast ( bulkhead ( breaker guard ( exchange ))))
 * }</pre>
 *
 * and {@link Deadlines} ends the whole at its budget. Each stage is tested alone, with a fake step
 * inside it and a clock and scheduler driven by hand.
 */
@FunctionalInterface
interface Step<T> {

  /** Starts this step now; it must not block. */
  Attempt<T> start(Budget budget);
}
