"""Python side of bench/training: trains on the matrices TrainingBench.java exported.

The features are the very values leadscore's FeatureEncoder produced on the Java side (fitted on the
older 80% by scored_at), columns in Tribuo's feature-id order, so both sides fit identical data.
Only fit() is timed; AUC is the Mann-Whitney statistic with mid-ranks for ties, as in leadscore's
Evaluation.auc. Writes one JSON object.

    python bench.py --data DIR --out FILE [--threads 2] [--seed 1] [--only xgboost]
"""
import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import rankdata


def auc(p, y):
    pos = int(y.sum())
    neg = len(y) - pos
    ranks = rankdata(p)  # average ranks for ties
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2.0) / (pos * neg))


def load1():
    return os.getloadavg()[0]


class Timer:
    """Wall seconds, process CPU seconds (all threads) and the 1-minute load before → after."""

    def __init__(self, results, name):
        self.results, self.name = results, name

    def __enter__(self):
        self.load0, self.cpu0, self.wall0 = load1(), time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        wall, cpu = time.perf_counter() - self.wall0, time.process_time() - self.cpu0
        self.results[self.name + "_s"] = round(wall, 3)
        self.results[self.name + "_cpu_s"] = round(cpu, 3)
        self.results[self.name + "_load"] = f"{self.load0:.2f}→{load1():.2f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="'xgboost' to skip scikit-learn")
    ap.add_argument("--prefix", default="py", help="key prefix in the results")
    a = ap.parse_args()

    import xgboost as xgb

    java = json.loads((a.data / "java-results.json").read_text())
    shape = json.loads((a.data / "shape.json").read_text())
    d = shape["features"]
    r = {"python": platform.python_version(), "xgboost": xgb.__version__, "numpy": np.__version__}
    try:
        import threadpoolctl

        r["blas"] = [f"{i['internal_api']} {i.get('architecture', '')}".strip()
                     for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
    except ImportError:
        pass
    pre = a.prefix

    with Timer(r, pre + "_load_matrices"):
        X = np.fromfile(a.data / "X_train.f64", dtype="<f8").reshape(-1, d)
        y = np.fromfile(a.data / "y_train.u8", dtype=np.uint8).astype(np.int32)
        Xh = np.fromfile(a.data / "X_holdout.f64", dtype="<f8").reshape(-1, d)
        yh = np.fromfile(a.data / "y_holdout.u8", dtype=np.uint8).astype(np.int32)
    assert X.shape[0] == shape["train_rows"] and Xh.shape[0] == shape["holdout_rows"]

    tp = java["xgboost_params"]  # the exact map leadscore hands xgboost4j
    trees = int(java.get("trees", 200))
    common = dict(n_estimators=trees, max_depth=tp["max_depth"], learning_rate=tp["eta"], gamma=tp["gamma"],
                  min_child_weight=tp["min_child_weight"], subsample=tp["subsample"],
                  colsample_bytree=tp["colsample_bytree"], reg_lambda=tp["lambda"], reg_alpha=tp["alpha"],
                  tree_method="hist", booster="gbtree", n_jobs=a.threads, random_state=a.seed, verbosity=0)

    # 1. What a Python user writes: XGBClassifier on numpy arrays (binary:logistic). fit() includes
    #    building XGBoost's matrix from the numpy array, as leadscore's fit includes its DMatrix.
    m = xgb.XGBClassifier(objective="binary:logistic", **common)
    with Timer(r, pre + "_xgbclassifier_fit"):
        m.fit(X, y)
    r[pre + "_xgbclassifier_auc"] = auc(m.predict_proba(Xh)[:, 1], yh)
    del m

    # 2. The native API with leadscore's parameter map (binary:logistic), matrix construction timed
    #    apart from training.
    params = {k: v for k, v in tp.items()}
    params["nthread"] = a.threads
    params["seed"] = a.seed
    with Timer(r, pre + "_dmatrix"):
        dtrain = xgb.DMatrix(X, label=y, nthread=a.threads)
    dhold = xgb.DMatrix(Xh, nthread=a.threads)
    binary = dict(params)
    with Timer(r, pre + "_xgb_binary_fit"):
        b = xgb.train(binary, dtrain, num_boost_round=trees)
    r[pre + "_xgb_binary_auc"] = auc(b.predict(dhold), yh)
    del b, dtrain, dhold

    if a.only != "xgboost":
        import sklearn
        from sklearn.linear_model import LogisticRegression

        r["sklearn"] = sklearn.__version__
        # Same solver as leadscore's logistic (LibLinear L2R_LR): liblinear's primal trust-region Newton,
        # C = 1, tolerance 1e-4 (leadscore: 1e-3), intercept as a regularised bias feature of value 1.
        lr = LogisticRegression(C=1.0, solver="liblinear", tol=1e-4, max_iter=1000, random_state=a.seed)
        with Timer(r, pre + "_liblinear_fit"):
            lr.fit(X, y)
        r[pre + "_liblinear_auc"] = auc(lr.predict_proba(Xh)[:, 1], yh)
        r[pre + "_liblinear_iterations"] = int(np.max(lr.n_iter_))
        # scikit-learn's default solver (unregularised intercept), for reference.
        lr = LogisticRegression(C=1.0, solver="lbfgs", tol=1e-4, max_iter=1000, random_state=a.seed)
        with Timer(r, pre + "_lbfgs_fit"):
            lr.fit(X, y)
        r[pre + "_lbfgs_auc"] = auc(lr.predict_proba(Xh)[:, 1], yh)
        r[pre + "_lbfgs_iterations"] = int(np.max(lr.n_iter_))

    r[pre + "_max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10
    a.out.write_text(json.dumps(r) + "\n")
    print(json.dumps(r))


if __name__ == "__main__":
    sys.exit(main())
