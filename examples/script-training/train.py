"""A tiny training script: reads hyperparameters, writes a model to /opt/ml/model."""
import argparse
import json
import os


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    args, _ = parser.parse_known_args()

    model_dir = os.environ.get("SM_MODEL_DIR", "/opt/ml/model")
    weights = [round(args.learning_rate * (epoch + 1), 4) for epoch in range(args.epochs)]
    with open(os.path.join(model_dir, "model.json"), "w", encoding="utf-8") as f:
        json.dump({"epochs": args.epochs, "weights": weights}, f)
    print(f"trained {args.epochs} epochs")


if __name__ == "__main__":
    main()
