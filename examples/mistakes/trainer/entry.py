def main(config):
    print("training with", config)
