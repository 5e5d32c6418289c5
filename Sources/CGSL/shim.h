#include <gsl/gsl_rng.h>
