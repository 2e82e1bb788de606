import json
import os
import subprocess

import torch

from models.training import calibrate, compact_state, export, model_card, train, train_dec


def test_smoke_run_lowers_reconstruction_loss_resumes_calibrates_and_exports_both_variants(tmp_path):
    out = str(tmp_path / "run")
    common = ["--config", "tiny", "--out", out, "--limit", "40", "--batch", "8", "--log-every", "5", "--quiet",
              "--precision", "fp32", "--threads", "1"]
    train.main([*common, "--iters", "20", "--sample-every", "20"])
    log = [json.loads(line) for line in open(os.path.join(out, "log.jsonl"))]
    assert [r["step"] for r in log] == [5, 10, 15, 20]
    assert log[-1]["rec"] < log[0]["rec"]
    assert os.path.exists(os.path.join(out, "samples", "step_0000020.png"))
    assert set(log[-1]["val"]) == {"clean_l1", "studio_l1", "photo_l1", "mean_face_l1"}

    train.main([*common, "--iters", "25", "--resume"])
    checkpoint = os.path.join(out, "checkpoint.pt")
    state = torch.load(checkpoint)
    assert state["step"] == 25 and state["images_seen"] == 25 * 8
    assert "--resume" not in state["command_args"] and "--config" in state["command_args"]

    # the compact state continues the run's counters and weights, on a fresh output folder
    compact = str(tmp_path / "train-state.pt")
    compact_state.main(["--checkpoint", checkpoint, "--out", compact])
    small = torch.load(compact)
    assert "opt_g" not in small and small["G"]["decoder.const"].dtype == torch.float16
    again = str(tmp_path / "again")
    train.main([*common[:2], "--out", again, *common[4:], "--iters", "27", "--resume-from", compact])
    continued = torch.load(os.path.join(again, "checkpoint.pt"))
    assert continued["step"] == 27 and continued["images_seen"] == 27 * 8

    calibrated = str(tmp_path / "calibrated.pt")
    calibrate.main(["--checkpoint", checkpoint, "--out", calibrated, "--faces", "30", "--limit", "40"])
    cal = torch.load(calibrated)
    assert len(cal["calibration"]["slider_unit"]) == 12
    torch.testing.assert_close(cal["G_ema"]["mapping.latent_offsets"].norm(dim=1),
                               torch.tensor(cal["calibration"]["slider_unit"]), atol=1e-3, rtol=0)
    dec = str(tmp_path / "dec.pt")
    train_dec.main(["--checkpoint", calibrated, "--out", dec, "--faces", "30", "--steps", "20", "--limit", "40", "--quiet"])
    dec_state = torch.load(dec)
    assert dec_state["variant"] == "dec"
    for name in ("decoder.const", "sketch_encoder.stem.weight", "mapping.latent_offsets"):
        assert torch.equal(dec_state["G_ema"][name], cal["G_ema"][name]), name

    models_dir = str(tmp_path / "models")
    for name, path in (("smoke", calibrated), ("smoke-dec", dec)):
        export.main(["--checkpoint", path, "--name", name, "--models-dir", models_dir])
        card_path = os.path.join(models_dir, name, "README.md")
        with open(card_path, "w") as f:
            f.write("old card\n<!-- EVAL_BEGIN -->\nkept table\n<!-- EVAL_END -->\n")
        card_args = ["--run", out, "--checkpoint", path, "--name", name, "--hardware", "test machine",
                     "--models-dir", models_dir, "--limit", "40"]
        model_card.main(card_args)
        model_card.main(card_args)       # a rewrite adds no second ledger row
        card = open(card_path).read()
        assert "iterations 25, images seen 200" in card and "test machine" in card
        assert "kept table" in card and "old card" not in card
        assert os.path.exists(os.path.join(models_dir, name, "samples.png"))
        ledger = json.load(open(os.path.join(models_dir, name, "ledger.json")))
        assert len(ledger) == 1 and ledger[0]["to_images"] == 200
    assert "S2F-DEC mapping" in open(os.path.join(models_dir, "smoke-dec", "README.md")).read()
    manifest = json.load(open(os.path.join(models_dir, "manifest.json")))
    assert [(m["name"], m["variant"]) for m in manifest["models"]] == [("smoke", "dis"), ("smoke-dec", "dec")]


def test_export_matches_pytorch_in_onnxruntime(tmp_path, repo_root):
    models_dir = str(tmp_path)
    for variant in ("dis", "dec"):
        export.main(["--untrained", "--config", "tiny", "--variant", variant, "--name", f"tiny-{variant}",
                     "--models-dir", models_dir, "--parity"])
        result = subprocess.run(["node", os.path.join(repo_root, "models", "training", "onnx_parity.mjs"),
                                 os.path.join(models_dir, f"tiny-{variant}")],
                                cwd=repo_root, capture_output=True, text=True, check=True)
        diffs = json.loads(result.stdout)
        assert set(diffs) == {"sketchEncoder", "imageEncoder", "decoder"}
        assert max(diffs.values()) < 1e-3, diffs

    manifest = json.load(open(os.path.join(models_dir, "manifest.json")))
    assert manifest["default"] == "tiny-dis"
    assert [m["name"] for m in manifest["models"]] == ["tiny-dis", "tiny-dec"]
    entry = manifest["models"][1]
    assert entry["variant"] == "dec" and entry["resolution"] == 16 and entry["outputResolution"] == 32
    assert entry["structure"] == {"channels": 4, "size": 4} and len(entry["attributes"]) == 12
    assert entry["sketch"]["ink"] == -1 and entry["sketch"]["paper"] == 1
    for f in entry["files"].values():
        assert export.sha256(os.path.join(models_dir, f["path"])) == f["sha256"]
