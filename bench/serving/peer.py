"""The peer for bench/serving: a scikit-learn logistic regression equivalent to leadscore's default
model (one-hot categoricals + standard-scaled numbers, median/most-frequent imputation), trained on
the same leads and the same time split (oldest 80% by scored_at), saved as an MLflow model for
`mlflow models serve`. Also writes the request bodies both servers get:

  python peer.py LEADS.parquet DEMO_LEAD.json OUT_DIR
    OUT_DIR/mlflow-model/      the MLflow model (mlflow.sklearn.save_model)
    OUT_DIR/peer-one.json      {"dataframe_records": [the demo lead, model columns only]}
    OUT_DIR/batch-1000.json    {"leads": [the first 1,000 leads of the file, without label and time]}
"""
import json
import shutil
import sys
from pathlib import Path

import mlflow
import numpy as np
import pandas as pd
from mlflow.models import infer_signature
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

LABEL, TIME, ID = "converted", "scored_at", "lead_id"

data_path, demo_path, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
df = pd.read_parquet(data_path)
demo = json.loads(demo_path.read_text())

# leadscore's train leaves out the same: the id, the label, the time column and the other timestamps
# (created_at, converted_at: "may only be known after scoring").
times = [c for c in df.columns if str(df[c].dtype).startswith("datetime") or c.endswith("_at")]
features = [c for c in df.columns if c not in (LABEL, ID) and c not in times]
cats = [c for c in features if not (pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c]))]
nums = [c for c in features if c not in cats]
X = df[features].copy()
for c in nums:  # ints and booleans as doubles: JSON numbers and true/false both convert to them
    X[c] = X[c].astype("float64")
y = df[LABEL].astype(int).to_numpy()

order = np.argsort(df[TIME].to_numpy(), kind="stable")
cut = int(len(order) * 0.8)
train_idx, test_idx = order[:cut], order[cut:]

pipe = Pipeline([
    ("prep", ColumnTransformer([
        ("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                          ("onehot", OneHotEncoder(handle_unknown="ignore"))]), cats),
        ("num", Pipeline([("impute", SimpleImputer(strategy="median")),
                          ("scale", StandardScaler())]), nums),
    ])),
    ("model", LogisticRegression(max_iter=1000)),
])
pipe.fit(X.iloc[train_idx], y[train_idx])
auc = roc_auc_score(y[test_idx], pipe.predict_proba(X.iloc[test_idx])[:, 1])

model_dir = out / "mlflow-model"
if model_dir.exists():
    shutil.rmtree(model_dir)
# Served like leadscore: the conversion probability (predict_proba), not the 0/1 class.
sig = infer_signature(X.iloc[:100], pipe.predict_proba(X.iloc[:100]))
# MLflow 3 saves with skops; OneHotEncoder keeps a numpy dtype, which skops must be told to trust.
mlflow.sklearn.save_model(pipe, str(model_dir), signature=sig, skops_trusted_types=["numpy.dtype"],
                         pyfunc_predict_fn="predict_proba")

row = {c: demo.get(c) for c in features}
for c in nums:
    if row[c] is not None:
        row[c] = float(row[c])
(out / "peer-one.json").write_text(json.dumps({"dataframe_records": [row]}))

batch = df.drop(columns=[LABEL] + times).head(1000)
leads = json.loads(batch.to_json(orient="records"))
(out / "batch-1000.json").write_text(json.dumps({"leads": leads}))

print(json.dumps({"peer_features": len(features), "categorical": len(cats), "numeric": len(nums),
                  "train_rows": int(cut), "holdout_rows": int(len(order) - cut), "holdout_auc": round(float(auc), 4)}))
