"""Run the shipped cement examples, print their figures beside validation/cement/reference_figures.yaml,
and write the heat-balance Sankey diagrams. Usage: python validation/cement/compare_reference.py [OUTDIR]"""

import sys
from pathlib import Path

import yaml

from clc.cement import config, load, report, solve

here = Path(__file__).parent
out = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "report"
ref = yaml.safe_load((here / "reference_figures.yaml").read_text())
for name in config.list_examples():
    r = solve(load(config.example_path(name)))
    print(report.summary(r), "\n")
    report.sankey(r, out / f"{name}_sankey.png")
c = ref["cemcap_reference"]
r = solve(load(config.example_path("cement_cemcap_reference")))
f = r.figures
print("CEMCAP-type reference vs published (status of each published value in brackets):")
print(f"  specific heat  {f['specific heat consumption'][0]:.2f} MJ/kg vs {c['specific_heat_MJ_per_kg_clinker']['value']} {c['specific_heat_MJ_per_kg_clinker']['status']}")
print(f"  calciner share {f['calciner fuel share'][0]:.2f} vs {c['calciner_fuel_share']['value']} {c['calciner_fuel_share']['status']}")
print(f"  direct CO2     {f['CO2 direct total'][0] / 1e3:.3f} t/t vs {c['direct_CO2_t_per_t_clinker']['value']} {c['direct_CO2_t_per_t_clinker']['status']}")
