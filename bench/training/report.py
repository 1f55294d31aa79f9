"""Prints bench/training's results (Markdown) from the files of one run.

    python report.py OUT_DIR   (reads java-results.json, py.json, py162.json, gc.log, train-*.json/.time/.out, gc-train-*.log)
"""
import json
import re
import sys
from pathlib import Path


def gc_peaks(log):
    """Largest heap occupancy before and after a collection (MiB) in a -Xlog:gc file, or (None, None)."""
    if not log.exists():
        return None, None
    pairs = [(int(a), int(b)) for a, b in re.findall(r"\) (\d+)M->(\d+)M\(\d+M\)", log.read_text())]
    if not pairs:
        return None, None
    return max(a for a, _ in pairs), max(b for _, b in pairs)


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

    xp = j["xgboost_params"]
    lines = []
    lines.append(f"Fits: {j['train_rows']:,} training rows (older 80% by scored_at), {j['holdout_rows']:,} holdout rows "
                 f"(scored_at ≥ {j['holdout_from']}), {j['features']} encoded features; {j['trees']} trees, "
                 f"max_depth {xp['max_depth']}, eta {xp['eta']}, hist, nthread {j['threads']}, seed {j['seed']}.")
    lines.append(f"Java {j['java']}, Tribuo {j['tribuo']}, {j['xgboost4j']}, -Xmx {j['max_heap_mib']} MiB; "
                 f"Python {p['python']}, xgboost {p['xgboost']}, scikit-learn {p.get('sklearn')}, numpy {p['numpy']}"
                 + (f"; same-engine venv: xgboost {q['xgboost']}" if q else "")
                 + (f"; OMP_WAIT_POLICY={env.get('OMP_WAIT_POLICY')}" if env else "") + ".")
    lines.append("")
    lines.append("| comparison | Java wall / CPU s (load) | Python wall / CPU s (load) | Java/Python wall | Java/Python CPU "
                 "| AUC Java | AUC Python |")
    lines.append("|---|---|---|---|---|---|---|")
    rows = [
        row("**XGBoost**: leadscore's fit (`train --algorithm xgboost`: DMatrix from the dense matrix, binary:logistic) "
            "vs `XGBClassifier.fit(X, y)`",
            j, "leadscore_xgboost_fit", p, "py_xgbclassifier_fit", "leadscore_xgboost_auc", "py_xgbclassifier_auc"),
        row("XGBoost: leadscore's fit vs Python `xgb.train` with the same parameter map, DMatrix built before timing",
            j, "leadscore_xgboost_fit", p, "py_xgb_binary_fit", "leadscore_xgboost_auc", "py_xgb_binary_auc"),
    ]
    if q:
        rows.append(row(f"XGBoost: leadscore's fit vs `XGBClassifier.fit` on xgboost {q['xgboost']} (the engine version of xgboost4j)",
                        j, "leadscore_xgboost_fit", q, "py162_xgbclassifier_fit", "leadscore_xgboost_auc", "py162_xgbclassifier_auc"))
    rows += [
        row("**logistic**: leadscore's fit (LibLinear L2R_LR on the matrix's non-zeros, C 1, eps 1e-3) vs scikit-learn "
            "`LogisticRegression(solver=\"lbfgs\", C=1)`",
            j, "leadscore_logistic_fit", p, "py_lbfgs_fit", "leadscore_logistic_auc", "py_lbfgs_auc"),
        row("logistic: leadscore's fit vs scikit-learn `LogisticRegression(solver=\"liblinear\", C=1, tol=1e-4)`",
            j, "leadscore_logistic_fit", p, "py_liblinear_fit", "leadscore_logistic_auc", "py_liblinear_auc"),
    ]
    lines += [r for r in rows if r]
    lines.append("")
    before, after = gc_peaks(out / "gc.log")
    lines.append(f"Fits' memory: Java heap at most {before} MiB before and {after} MiB after a collection (-Xlog:gc; "
                 f"table, both matrices and the fits' working data), process peak RSS {j['max_rss_mib']} MiB "
                 f"(heap + JVM + XGBoost's native matrix); Python peak RSS {p['py_max_rss_mib']} MiB. "
                 f"Read {j['read_s']:.1f} s, encode {j['encode_s']:.1f} s.")
    lines.append("")

    runs = sorted(out.glob("train-*.json"), key=lambda f: (json.loads(f.read_text())["leads"], f.name))
    if runs:
        lines.append("Whole `train` runs (`--label converted --time-column scored_at --algorithm A --seed 1`: search, "
                     "fit, cross-fitted calibration, scorecard, card), each in its own JVM with `-Xmx` as given:")
        lines.append("")
        lines.append("| leads | `--algorithm` | -Xmx | result | wall / CPU s (load before→after) | heap before / after GC, max MiB "
                     "| peak RSS MiB | chosen | holdout AUC |")
        lines.append("|---|---|---|---|---|---|---|---|---|")
        for f in runs:
            r = json.loads(f.read_text())
            name = f.stem
            timing = (out / f"{name}.time").read_text().split() if (out / f"{name}.time").exists() else []
            failed = "failed" in timing or len(timing) < 4
            b, a = gc_peaks(out / f"gc-{name}.log")
            card = Path(r["model"]) / "model-card.json"
            chosen, auc = "", ""
            if card.exists() and not failed:
                c = json.loads(card.read_text())
                chosen = c.get("algorithm", "")
                auc = f"{c['holdout_metrics']['auc']:.4f}"
            result = "**failed**" if failed else "ok"
            if failed and (out / f"{name}.out").exists():
                tail = (out / f"{name}.out").read_text().strip().splitlines()[-1:]
                result += f" ({tail[0][:80]})" if tail else ""
            wall = f"{float(timing[0]):.0f} / {float(timing[1]) + float(timing[2]):.0f} ({r['load_before']}→{r['load_after']})" if len(timing) >= 4 else ""
            rss = f"{int(timing[3]) >> 10:,}" if len(timing) >= 4 else ""
            lines.append(f"| {r['leads']:,} | {r['algorithm']} | {r['xmx']} | {result} | {wall} | {b} / {a} | {rss} | {chosen} | {auc} |")
    text = "\n".join(lines)
    (out / "results.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
