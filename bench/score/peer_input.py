"""Writes the peer's input for bench/score: the leads' model columns as CSV, numbers and booleans as
doubles (as bench/serving/peer.py trained the scikit-learn pipeline on them).

  python peer_input.py LEADS.parquet(file or directory) OUT.csv
"""
import sys

import pandas as pd

LABEL, ID = "converted", "lead_id"
df = pd.read_parquet(sys.argv[1])
times = [c for c in df.columns if str(df[c].dtype).startswith("datetime") or c.endswith("_at")]
features = [c for c in df.columns if c not in (LABEL, ID) and c not in times]
X = df[features].copy()
for c in features:
    if pd.api.types.is_numeric_dtype(X[c]) or pd.api.types.is_bool_dtype(X[c]):
        X[c] = X[c].astype("float64")
X.to_csv(sys.argv[2], index=False)
