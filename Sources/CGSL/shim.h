// The parts of the GNU Scientific Library that DilutionSampling uses.
//
// GSL names its generator types through mutable global pointers (`GSL_VAR const gsl_rng_type *gsl_rng_mt19937`),
// which Swift 6 rejects as not concurrency-safe. Each one is exposed here through a `static inline` accessor that
// returns the pointer by value; the pointers are set once by the library and never change afterwards.

#ifndef CGSL_SHIM_H
#define CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>

// Pseudo-random generator types (the well-known ones; see "Random Number Generator Algorithms" in the GSL manual).
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *cgsl_rng_taus(void) { return gsl_rng_taus; }
static inline const gsl_rng_type *cgsl_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *cgsl_rng_taus113(void) { return gsl_rng_taus113; }
static inline const gsl_rng_type *cgsl_rng_gfsr4(void) { return gsl_rng_gfsr4; }
static inline const gsl_rng_type *cgsl_rng_ranlxs0(void) { return gsl_rng_ranlxs0; }
static inline const gsl_rng_type *cgsl_rng_ranlxs1(void) { return gsl_rng_ranlxs1; }
static inline const gsl_rng_type *cgsl_rng_ranlxs2(void) { return gsl_rng_ranlxs2; }
static inline const gsl_rng_type *cgsl_rng_ranlxd1(void) { return gsl_rng_ranlxd1; }
static inline const gsl_rng_type *cgsl_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *cgsl_rng_ranlux(void) { return gsl_rng_ranlux; }
static inline const gsl_rng_type *cgsl_rng_ranlux389(void) { return gsl_rng_ranlux389; }
static inline const gsl_rng_type *cgsl_rng_cmrg(void) { return gsl_rng_cmrg; }
static inline const gsl_rng_type *cgsl_rng_mrg(void) { return gsl_rng_mrg; }
static inline const gsl_rng_type *cgsl_rng_ranmar(void) { return gsl_rng_ranmar; }
static inline const gsl_rng_type *cgsl_rng_zuf(void) { return gsl_rng_zuf; }
static inline const gsl_rng_type *cgsl_rng_r250(void) { return gsl_rng_r250; }
static inline const gsl_rng_type *cgsl_rng_tt800(void) { return gsl_rng_tt800; }
static inline const gsl_rng_type *cgsl_rng_knuthran2002(void) { return gsl_rng_knuthran2002; }
static inline const gsl_rng_type *cgsl_rng_rand48(void) { return gsl_rng_rand48; }

// GSL's default error handler prints a message and calls abort(). Switching it off makes every routine report
// failures through its return code (or a NaN result) instead, which DilutionSampling turns into Swift errors.
static inline void cgsl_switch_error_handler_off(void) { (void)gsl_set_error_handler_off(); }

// Quasi-random (low-discrepancy) sequence types.
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *cgsl_qrng_niederreiter_2(void) { return gsl_qrng_niederreiter_2; }
static inline const gsl_qrng_type *cgsl_qrng_halton(void) { return gsl_qrng_halton; }
static inline const gsl_qrng_type *cgsl_qrng_reversehalton(void) { return gsl_qrng_reversehalton; }

#endif
