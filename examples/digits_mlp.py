"""A multilayer perceptron on scikit-learn's handwritten digits (8x8), trained with Adam.

    pip install -e '.[examples]'
    python examples/digits_mlp.py [--device cpu|cuda|cuda:N] [--epochs 40] [--plot mlp.png]
"""
import gradlib
from gradlib import nn

from digits_common import fit, load_digits, parse_args


def main():
    args = parse_args(__doc__.splitlines()[0], epochs=40)
    gradlib.manual_seed(0)
    data = load_digits(args.device, images=False)
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Dropout(0.1), nn.Linear(128, 10)).to(args.device)
    optimizer = gradlib.optim.Adam(model.parameters(), lr=3e-3)
    scheduler = gradlib.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)
    accuracy = fit(model, optimizer, data, args.epochs, scheduler=scheduler, plot=args.plot)
    if accuracy < 0.97:
        raise SystemExit(f"test accuracy {accuracy:.2%} is below 97%")


if __name__ == "__main__":
    main()
