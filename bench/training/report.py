"""Prints bench/training's results table (Markdown) from the JSON files of one run.

    python report.py OUT_DIR      (reads java-results.json, py.json, py162.json, gc.log)
"""
import json
import re
import sys
from pathlib import Path


def main():
    out = Path(sys.argv[1])
    j = json.loads((out / "java-results.json").read_text())
    p = json.loads((out / "py.json").read_text())
    q = json.loads((out / "py162.json").read_text()) if (out / "py162.json").exists() else {}
    env = json.loads((out / "env.json").read_text()) if (out / "env.json").exists() else {}

    def t(d, k):
        return d.get(k + "_s")

    def row(what, jd, jk, pd, pk, jauc, pauc):
        js, ps = t(jd, jk), t(pd, pk)
        if js is None or ps is None:
            return None
        jc, pc = jd[jk + "_cpu_s"], pd[pk + "_cpu_s"]
        return (f"| {what} | {js:.1f} / {jc:.1f} ({jd[jk + '_load']}) | {ps:.1f} / {pc:.1f} ({pd[pk + '_load']}) "
                f"| **{js / ps:.2f}×** | {jc / pc:.2f}× | {jd[jauc]:.4f} | {pd[pauc]:.4f} |")

    lines = []
    lines.append(f"{j['train_rows']:,} training rows (older 80% by scored_at), {j['holdout_rows']:,} holdout rows "
                 f"(scored_at ≥ {j['holdout_from']}), {j['features']} encoded features; {j['trees']} trees, "
                 f"max_depth {j['tribuo_xgboost_params']['max_depth']}, eta {j['tribuo_xgboost_params']['eta']}, "
                 f"hist, nthread {j['threads']}, seed {j['seed']}.")
    lines.append(f"Java {j['java']}, Tribuo {j['tribuo']}, {j['xgboost4j']}, -Xmx {j['max_heap_mib']} MiB; "
                 f"Python {p['python']}, xgboost {p['xgboost']}, scikit-learn {p.get('sklearn')}, numpy {p['numpy']}"
                 + (f"; same-engine venv: xgboost {q['xgboost']}" if q else "")
                 + (f"; OMP_WAIT_POLICY={env.get('OMP_WAIT_POLICY')}" if env else "") + ".")
    lines.append("")
    lines.append("Fit time: wall seconds / process CPU seconds (1-minute load average before→after that fit); "
                 "ratios Java / Python; holdout AUC:")
    lines.append("")
    lines.append("| comparison | Java wall / CPU s (load) | Python wall / CPU s (load) | Java/Python wall | Java/Python CPU "
                 "| AUC Java | AUC Python |")
    lines.append("|---|---|---|---|---|---|---|")
    rows = [
        row("**XGBoost as each side is used**: leadscore's `BinaryXGBoostTrainer.train(dataset)` (what `train --algorithm "
            "xgboost` runs: Tribuo XGBoost with binary:logistic, dense DMatrix, incl. its conversion) vs "
            "`XGBClassifier.fit(X, y)` (binary:logistic, incl. its conversion)",
            j, "leadscore_xgboost_fit", p, "py_xgbclassifier_fit", "leadscore_xgboost_auc", "py_xgbclassifier_auc"),
        row("Tribuo's stock trainer: Tribuo `XGBoostClassificationTrainer.train(dataset)` (incl. its DMatrix "
            "conversion; multi:softprob, 2 classes) vs `XGBClassifier.fit(X, y)` (binary:logistic)",
            j, "tribuo_xgboost_fit", p, "py_xgbclassifier_fit", "tribuo_xgboost_auc", "py_xgbclassifier_auc"),
        row("same objective: Tribuo `train` vs Python `xgb.train` with Tribuo's parameter map (multi:softprob, "
            "num_class 2), DMatrix built before timing",
            j, "tribuo_xgboost_fit", p, "py_xgb_softprob_fit", "tribuo_xgboost_auc", "py_xgb_softprob_auc"),
        row("engine only, softprob: xgboost4j on Tribuo's DMatrix vs Python `xgb.train` (current xgboost)",
            j, "xgboost4j_softprob_fit", p, "py_xgb_softprob_fit", "xgboost4j_softprob_auc", "py_xgb_softprob_auc"),
        row("engine only, binary:logistic: xgboost4j vs Python `xgb.train` (current xgboost)",
            j, "xgboost4j_binary_fit", p, "py_xgb_binary_fit", "xgboost4j_binary_auc", "py_xgb_binary_auc"),
    ]
    if q:
        rows += [
            row(f"same engine version, softprob: xgboost4j vs Python xgboost {q['xgboost']} `xgb.train`",
                j, "xgboost4j_softprob_fit", q, "py162_xgb_softprob_fit", "xgboost4j_softprob_auc", "py162_xgb_softprob_auc"),
            row(f"same engine version, binary:logistic: xgboost4j vs Python xgboost {q['xgboost']} `xgb.train`",
                j, "xgboost4j_binary_fit", q, "py162_xgb_binary_fit", "xgboost4j_binary_auc", "py162_xgb_binary_auc"),
            row(f"Tribuo `train` vs `XGBClassifier.fit` on xgboost {q['xgboost']}",
                j, "tribuo_xgboost_fit", q, "py162_xgbclassifier_fit", "tribuo_xgboost_auc", "py162_xgbclassifier_auc"),
        ]
    rows += [
        row("**logistic**: Tribuo LibLinear L2R_LR (C 1, eps 1e-4) vs scikit-learn `LogisticRegression(solver=\"liblinear\", C=1)`",
            j, "tribuo_liblinear_fit", p, "py_liblinear_fit", "tribuo_liblinear_auc", "py_liblinear_auc"),
        row("logistic: Tribuo LibLinear vs scikit-learn `LogisticRegression(solver=\"lbfgs\", C=1)`",
            j, "tribuo_liblinear_fit", p, "py_lbfgs_fit", "tribuo_liblinear_auc", "py_lbfgs_auc"),
    ]
    lines += [r for r in rows if r]
    lines.append("")
    lines.append("Not in the fit times above (seconds, load):")
    lines.append("")
    lines.append("| step | s | CPU s | load |")
    lines.append("|---|---|---|---|")
    for d, k, what in [
        (j, "read", "Java: read the Parquet file into a leadscore Table"),
        (j, "encode", "Java: time split, FeatureEncoder fit on the training rows, encode train + holdout to Tribuo examples"),
        (j, "export", "Java: write the encoded matrices for Python (float64)"),
        (j, "tribuo_dataset", "Java: Tribuo MutableDataset from the examples (before either Tribuo fit, as Python's "
                              "numpy arrays are before its fits)"),
        (j, "tribuo_to_dmatrix", "Java: Tribuo's Dataset → DMatrix conversion alone (the first step inside `train`)"),
        (j, "tribuo_to_liblinear", "Java: Tribuo's Dataset → liblinear FeatureNode rows alone (inside LibLinear `train`)"),
        (j, "liblinear_java_solver_fit", "Java: liblinear-java's solver alone on those rows (the rest of LibLinear `train`)"),
        (p, "py_load_matrices", "Python: read the exported matrices"),
        (p, "py_dmatrix", "Python: `xgb.DMatrix(X, y)` from numpy"),
    ]:
        if t(d, k) is not None:
            lines.append(f"| {what} | {d[k + '_s']:.2f} | {d[k + '_cpu_s']:.2f} | {d[k + '_load']} |")
    lines.append("")
    gc = out / "gc.log"
    peak = None
    if gc.exists():
        before = [int(m.group(1)) for m in re.finditer(r"\) (\d+)M->\d+M\(\d+M\)", gc.read_text())]
        peak = max(before) if before else None
    lines.append(f"Memory: Java peak heap occupancy seen by the GC {peak if peak is not None else '?'} MiB "
                 f"(-Xlog:gc, heap before a collection; sum of the heap pools' peaks {j['heap_pool_peaks_sum_mib']} MiB), "
                 f"Java process peak RSS {j['max_rss_mib']} MiB (heap + JVM + native DMatrix/booster); "
                 f"Python peak RSS {p['py_max_rss_mib']} MiB.")
    text = "\n".join(lines)
    (out / "results.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
