/** Rows with the same features: how many there are (`trials`) and how many of them had the outcome. */
export interface BinomialGroup {
  features: readonly number[];
  trials: number;
  successes: number;
}

export interface LogisticFit {
  intercept: number;
  /** One per feature: the change in log-odds of the outcome when the feature is 1 rather than 0. */
  weights: number[];
  iterations: number;
}

export interface LogisticOptions {
  /**
   * The L2 penalty on the weights (not the intercept): keeps them finite when a feature
   * separates the outcome (present only in rows that had it), and at 0 for a feature that
   * never occurs. Default 1, little against thousands of rows.
   */
  ridge?: number;
  maxIterations?: number;
  /** Stop once no coefficient moves by more than this. */
  tolerance?: number;
}

/**
 * Logistic regression by Newton's method (iteratively reweighted least squares) on grouped
 * rows, with step halving while the penalized log-likelihood does not rise: deterministic, and
 * as cheap for a million rows as for their few distinct feature sets.
 */
export function fitLogistic(
  groups: readonly BinomialGroup[],
  featureCount: number,
  options: LogisticOptions = {},
): LogisticFit {
  const { ridge = 1, maxIterations = 100, tolerance = 1e-9 } = options;
  const size = featureCount + 1;
  /** beta[0] is the intercept. */
  let beta = new Array<number>(size).fill(0);
  const row = (group: BinomialGroup) => [1, ...group.features];
  const rows = groups.map(row);
  const objective = (b: number[]) => {
    let total = 0;
    groups.forEach((group, g) => {
      const eta = dot(rows[g], b);
      // log(1 + e^eta) without overflow
      const softplus = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
      total += group.successes * eta - group.trials * softplus;
    });
    for (let j = 1; j < size; j++) total -= (ridge / 2) * b[j] * b[j];
    return total;
  };

  let current = objective(beta);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    groups.forEach((group, g) => {
      const x = rows[g];
      const p = sigmoid(dot(x, beta));
      const residual = group.successes - group.trials * p;
      const weight = group.trials * p * (1 - p);
      for (let i = 0; i < size; i++) {
        if (x[i] === 0) continue;
        gradient[i] += residual * x[i];
        for (let j = 0; j < size; j++) hessian[i][j] += weight * x[i] * x[j];
      }
    });
    for (let j = 1; j < size; j++) {
      gradient[j] -= ridge * beta[j];
      hessian[j][j] += ridge;
    }
    // The intercept's diagonal is 0 only without rows; keep the system solvable then.
    if (hessian[0][0] === 0) hessian[0][0] = 1;
    const step = solve(hessian, gradient);
    let scale = 1;
    let next = beta.map((b, j) => b + step[j]);
    let value = objective(next);
    while (value < current && scale > 1e-6) {
      scale /= 2;
      next = beta.map((b, j) => b + scale * step[j]);
      value = objective(next);
    }
    const moved = Math.max(0, ...next.map((b, j) => Math.abs(b - beta[j])));
    beta = next;
    current = value;
    if (moved <= tolerance) break;
  }
  return { intercept: beta[0], weights: beta.slice(1), iterations };
}

export function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += a[i] * b[i];
  return total;
}

/** Solves A x = b (A symmetric positive definite) by Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < n; r++) {
      const factor = a[r][col] / a[col][col];
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) a[r][c] -= factor * a[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = a[r][n];
    for (let c = r + 1; c < n; c++) sum -= a[r][c] * x[c];
    x[r] = sum / a[r][r];
  }
  return x;
}
