import { addDecimals, DECIMAL_ZERO, decimalNumber, decimalOf, decimalText } from '@cl/read-models';
import { seeded } from '../support/seeded-random';

/** The complaints return's redress sums: exact decimals, whatever the amounts and their order. */
describe('exact decimal sums', () => {
  const sum = (amounts: (number | string)[]) =>
    decimalText(
      amounts.reduce(
        (total: ReturnType<typeof decimalOf>, amount) => addDecimals(total, decimalOf(amount)),
        DECIMAL_ZERO,
      ),
    );

  it('adds as decimals, not binary fractions', () => {
    expect(sum([0.1, 0.2])).toBe('0.3');
    expect(sum([1234567.891, 0.3])).toBe('1234568.191');
    expect(sum([0.1, 0.1, 0.1, -0.3])).toBe('0');
    expect(sum([1e-7, 1e21, 2.5e-3])).toBe('1000000000000000000000.0025001');
    expect(sum(['10.50', '0.50'])).toBe('11');
    expect(decimalNumber(decimalOf('0.30'))).toBe(0.3);
  });

  it('refuses what is not a finite decimal', () => {
    for (const bad of [NaN, Infinity, 'abc', '1.', '']) expect(() => decimalOf(bad)).toThrow(RangeError);
  });

  it('sums random cent amounts as their integer cents do, in any order', () => {
    const random = seeded(3);
    for (let run = 0; run < 200; run++) {
      const cents = Array.from({ length: 1 + Math.floor(random() * 30) }, () => Math.floor(random() * 1e9));
      const amounts = cents.map((c) => c / 100);
      const expected = cents.reduce((a, b) => a + b, 0);
      const text = `${Math.floor(expected / 100)}.${String(expected % 100).padStart(2, '0')}`.replace(
        /\.?0+$/,
        '',
      );
      expect(sum(amounts)).toBe(text === '' ? '0' : text);
      expect(sum([...amounts].reverse())).toBe(sum(amounts));
    }
  });
});
