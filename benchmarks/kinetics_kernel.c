/* C references for benchmarks/kinetics_kernel.py, timed inside C.
 *
 * Each kernel is the same arithmetic as its numba twin in clc/rates.py; each time_* function
 * runs the kernel `reps` times over the caller's buffers and writes the seconds of every run
 * (clock_gettime, CLOCK_MONOTONIC) to times[], so that no Python or ctypes work is counted.
 * R_GAS is defined on the compiler's command line (clc.constants.R).
 */
#include <math.h>
#include <stddef.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* rates.sphere_rate_table: out[i, j, q] = 3 kappa_ij xi_q^2, kappa = b/(rho_m L) k0 exp(-E/RT) C^n;
 * xi = (1 - X)^(1/3) is carried by the caller (no cube root per evaluation), as in numba. */
void sphere_rate_table(int nc, int nr, int nq, const double *restrict k0, const double *restrict E,
                       const double *restrict n, const double *restrict brl, const double *restrict T,
                       const double *restrict C, const double *restrict xi, double *restrict out) {
    for (int i = 0; i < nc; i++) {
        double inv_rt = 1.0 / (R_GAS * T[i]);
        for (int j = 0; j < nr; j++) {
            double c = C[i * nr + j], kap;
            if (c <= 0.0) kap = 0.0;
            else if (n[j] == 1.0) kap = brl[j] * k0[j] * exp(-E[j] * inv_rt) * c;
            else kap = brl[j] * k0[j] * exp(-E[j] * inv_rt + n[j] * log(c));
            double kap3 = 3.0 * kap;
            double *restrict row = out + ((size_t)i * nr + j) * nq;
            for (int q = 0; q < nq; q++) row[q] = kap3 * xi[q] * xi[q];
        }
    }
}

void time_sphere_rate_table(int reps, double *restrict times, int nc, int nr, int nq, const double *k0,
                            const double *E, const double *n, const double *brl, const double *T,
                            const double *C, const double *xi, double *out) {
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        sphere_rate_table(nc, nr, nq, k0, E, n, brl, T, C, xi, out);
        times[r] = now() - t0;
    }
}

/* The ctypes overhead: a function with sphere_rate_table's arguments that does nothing. */
void empty_call(int nc, int nr, int nq, const double *k0, const double *E, const double *n,
                const double *brl, const double *T, const double *C, const double *xi, double *out) {
    (void)nc; (void)nr; (void)nq; (void)k0; (void)E; (void)n; (void)brl; (void)T; (void)C; (void)xi; (void)out;
}

/* rates.rate_batch for chemical control (rates._chemical_loop): dX/dt = 1 / (tau dg/dX),
 * tau = rho_m L / (b k0 exp(-E/RT) C^n), dg/dX = (1 - X)^(1/F_p - 1) / F_p; C^1 and the plate's
 * (1-X)^0 / 1 skipped as in numba; 0 where X >= 1 or C <= 0. p is clc.rates' parameter vector. */
enum { P_FP = 1, P_K0 = 2, P_E = 3, P_N = 4, P_L = 5, P_RHO = 6, P_B = 7 };

static inline void chemical_loop(int m, const double *restrict p, const double *restrict T,
                                 const double *restrict C, const double *restrict X, double *restrict out,
                                 const int first_order, const int plate) {
    const double k0 = p[P_K0], E = p[P_E], n = p[P_N], fp = p[P_FP], rho_l = p[P_RHO] * p[P_L], b = p[P_B];
    const double ex = 1.0 / fp - 1.0;
    for (int i = 0; i < m; i++) {
        double x = X[i], c = C[i];
        double k = k0 * exp(-E / (R_GAS * T[i]));
        double kcn = first_order ? k * c : k * pow(c, n);
        double tau = kcn > 0.0 ? rho_l / (b * kcn) : INFINITY;
        double dg = plate ? 1.0 : pow(1.0 - x, ex) / fp;
        double r = 1.0 / (tau * dg);
        out[i] = (x >= 1.0 || c <= 0.0) ? 0.0 : r;
    }
}

/* one loop per case of n == 1 and F_p == 1, as in numba: no branch on them left in the loop */
void rate_chemical(int m, const double *restrict p, const double *restrict T, const double *restrict C,
                   const double *restrict X, double *restrict out) {
    if (p[P_N] == 1.0) {
        if (p[P_FP] == 1.0) chemical_loop(m, p, T, C, X, out, 1, 1);
        else chemical_loop(m, p, T, C, X, out, 1, 0);
    } else if (p[P_FP] == 1.0) chemical_loop(m, p, T, C, X, out, 0, 1);
    else chemical_loop(m, p, T, C, X, out, 0, 0);
}

void time_rate_chemical(int reps, double *restrict times, int m, const double *p, const double *T,
                        const double *C, const double *X, double *out) {
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        rate_chemical(m, p, T, C, X, out);
        times[r] = now() - t0;
    }
}
