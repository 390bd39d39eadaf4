"""Physical constants used across the package (SI)."""

R = 8.31446261815324  # J/(mol K), molar gas constant, CODATA 2018 (exact; Cantera uses the same)
G = 9.80665  # m/s2, standard gravity (CGPM 1901)
P_ATM = 101325.0  # Pa, standard atmosphere
