"""Shared by the digits examples: the 8x8 handwritten digits that ship inside scikit-learn (no download),
a train/test split, a training loop with an optional progress bar (tqdm) and an optional plot (matplotlib)."""
import argparse
import time

import gradlib
from gradlib.utils.data import DataLoader, TensorDataset


def parse_args(description, epochs):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--device", metavar="{cpu,cuda,cuda:N}", default=None,
                        help="default: cuda when available, else cpu")
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--plot", default=None, help="save a loss/accuracy plot here (needs matplotlib)")
    args = parser.parse_args()
    args.device = args.device or ("cuda" if gradlib.cuda.is_available() else "cpu")
    return args


def load_digits(device, images):
    """(train_x, train_y, test_x, test_y): 1,797 digits, 25% held out; pixels scaled to [0, 1]."""
    try:
        from sklearn.datasets import load_digits as sklearn_digits
        from sklearn.model_selection import train_test_split
    except ImportError:
        raise SystemExit("this example needs scikit-learn for its data set: pip install -e '.[examples]'") from None
    digits = sklearn_digits()
    x = digits.images.reshape(-1, 1, 8, 8) if images else digits.data
    train_x, test_x, train_y, test_y = train_test_split(x / 16.0, digits.target, test_size=0.25, random_state=0,
                                                        stratify=digits.target)

    def to_tensor(array, integer=False):
        return gradlib.tensor(array, dtype=gradlib.int64 if integer else gradlib.float32, device=device)

    return to_tensor(train_x), to_tensor(train_y, True), to_tensor(test_x), to_tensor(test_y, True)


def _progress(iterable, description):
    try:
        from tqdm import tqdm
    except ImportError:
        return iterable
    return tqdm(iterable, desc=description, leave=False)


def accuracy(model, x, y):
    model.eval()
    with gradlib.no_grad():
        predicted = model(x).argmax(1)
    model.train()
    return float((predicted == y).float().mean())


def fit(model, optimizer, data, epochs, batch_size=64, scheduler=None, plot=None):
    """Train with cross-entropy; print loss, test accuracy and time per epoch; return the final accuracy."""
    train_x, train_y, test_x, test_y = data
    loader = DataLoader(TensorDataset(train_x, train_y), batch_size=batch_size, shuffle=True,
                        generator=gradlib.Generator().manual_seed(0))
    history = []
    started = time.perf_counter()
    for epoch in range(1, epochs + 1):
        epoch_start = time.perf_counter()
        total = 0.0
        for x, y in _progress(loader, f"epoch {epoch}"):
            optimizer.zero_grad()
            loss = gradlib.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
        if scheduler is not None:
            scheduler.step()
        test_accuracy = accuracy(model, test_x, test_y)
        history.append((total / len(train_y), test_accuracy))
        print(f"epoch {epoch:2d}  loss {total / len(train_y):.4f}  test accuracy {test_accuracy:.2%}  "
              f"({time.perf_counter() - epoch_start:.2f} s)")
    elapsed = time.perf_counter() - started
    final = history[-1][1]
    print(f"final test accuracy {final:.2%}; {elapsed / epochs:.2f} s per epoch on {train_x.device}")
    if plot:
        _plot(history, plot)
    return final


def _plot(history, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot (pip install -e '.[examples]')")
        return
    figure, left = plt.subplots(figsize=(6, 3.5))
    epochs = range(1, len(history) + 1)
    left.plot(epochs, [h[0] for h in history], color="tab:blue", label="training loss")
    left.set_xlabel("epoch")
    left.set_ylabel("training loss", color="tab:blue")
    right = left.twinx()
    right.plot(epochs, [h[1] for h in history], color="tab:green", label="test accuracy")
    right.set_ylabel("test accuracy", color="tab:green")
    figure.tight_layout()
    figure.savefig(path)
    print(f"saved {path}")
