// Sampling maps the distributions of DilutionDistributions onto GSL: whoever samples also reads them.
@_exported public import DilutionDistributions
