import os

model_dir = os.environ.get("SM_MODEL_DIR", "/opt/ml/model")
with open(os.path.join(model_dir, "model.txt"), "w") as f:
    f.write("trained\n")
