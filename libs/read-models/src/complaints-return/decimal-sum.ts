/**
 * Exact sums of money amounts (the complaints return's redress): each amount is taken as the
 * decimal its JSON number was written as (the shortest decimal that reads back as the same
 * double, as `String(n)` gives it) and the sum is kept as an integer of units of 10^-scale, so
 * 0.1 + 0.2 is 0.3, whatever the number or order of the amounts.
 */
export interface ExactDecimal {
  /** The value times 10^scale. */
  units: bigint;
  /** Digits after the decimal point, >= 0. */
  scale: number;
}

export const DECIMAL_ZERO: ExactDecimal = { units: 0n, scale: 0 };

/**
 * The decimal of a finite number or of a decimal string (`-12.5`, `0.001`, `1e-7`, `1.5E+3`).
 * @throws RangeError for anything else (NaN, Infinity, text)
 */
export function decimalOf(value: number | string): ExactDecimal {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) throw new RangeError(`${text} is not a finite decimal number`);
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  let digits = whole + fraction;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const units = BigInt(digits) * (sign === '-' ? -1n : 1n);
  return normalised({ units, scale });
}

export function addDecimals(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  const scale = Math.max(a.scale, b.scale);
  return normalised({
    units: a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale),
    scale,
  });
}

/** The plain decimal notation, without exponent or trailing zeros: `12.5`, `-0.003`, `0`. */
export function decimalText({ units, scale }: ExactDecimal): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The nearest double (for JSON): exact for every sum of up to 15 significant digits. */
export function decimalNumber(decimal: ExactDecimal): number {
  return Number(decimalText(decimal));
}

/** Without trailing zeros after the point, so equal values have equal representations. */
function normalised({ units, scale }: ExactDecimal): ExactDecimal {
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}
