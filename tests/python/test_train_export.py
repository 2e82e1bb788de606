import json
import os
import subprocess

import torch

from models.training import export, model_card, train


def test_smoke_run_lowers_reconstruction_loss_and_resumes(tmp_path):
    out = str(tmp_path / "run")
    train.main(["--config", "tiny", "--out", out, "--iters", "20", "--limit", "16", "--batch", "8",
                "--log-every", "5", "--sample-every", "20", "--quiet", "--precision", "fp32"])
    log = [json.loads(line) for line in open(os.path.join(out, "log.jsonl"))]
    assert [r["step"] for r in log] == [5, 10, 15, 20]
    assert log[-1]["rec_sketch"] < log[0]["rec_sketch"] and log[-1]["rec_image"] < log[0]["rec_image"]
    assert os.path.exists(os.path.join(out, "samples", "step_0000020.png"))
    assert set(log[-1]["val"]) == {"sketch_l1", "photo_l1", "mean_face_l1"}

    train.main(["--config", "tiny", "--out", out, "--iters", "25", "--limit", "16", "--batch", "8",
                "--log-every", "5", "--quiet", "--precision", "fp32", "--resume"])
    state = torch.load(os.path.join(out, "checkpoint.pt"))
    assert state["step"] == 25 and state["images_seen"] == 25 * 8
    assert "--resume" not in state["command_args"] and "--config" in state["command_args"]

    models_dir = str(tmp_path / "models")
    export.main(["--checkpoint", os.path.join(out, "checkpoint.pt"), "--name", "smoke", "--models-dir", models_dir])
    card_path = os.path.join(models_dir, "smoke", "README.md")
    with open(card_path, "w") as f:
        f.write("old card\n<!-- EVAL_BEGIN -->\nkept table\n<!-- EVAL_END -->\n")
    model_card.main(["--run", out, "--name", "smoke", "--hardware", "test machine", "--models-dir", models_dir])
    card = open(card_path).read()
    assert "iterations 25, images seen 200" in card and "test machine" in card
    assert "kept table" in card and "old card" not in card
    assert os.path.exists(os.path.join(models_dir, "smoke", "samples.png"))


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
    assert entry["variant"] == "dec" and entry["resolution"] == 16 and len(entry["attributes"]) == 12
    assert entry["sketch"]["ink"] == -1 and entry["sketch"]["paper"] == 1
    for f in entry["files"].values():
        assert export.sha256(os.path.join(models_dir, f["path"])) == f["sha256"]
