def main():
    print("training")
