"""A small convolutional network on scikit-learn's handwritten digits (1x8x8 images), trained with AdamW.

    pip install -e '.[examples]'
    python examples/digits_cnn.py [--device cpu|cuda|cuda:N] [--epochs 15] [--plot cnn.png]
"""
import gradlib
from gradlib import nn

from digits_common import fit, load_digits, parse_args


def main():
    args = parse_args(__doc__.splitlines()[0], epochs=15)
    gradlib.manual_seed(0)
    data = load_digits(args.device, images=True)
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),   # 16 x 4 x 4
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),                     # 32 x 2 x 2
        nn.Flatten(), nn.Dropout(0.2), nn.Linear(32 * 2 * 2, 10)).to(args.device)
    optimizer = gradlib.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=1e-4)
    scheduler = gradlib.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.3)
    accuracy = fit(model, optimizer, data, args.epochs, scheduler=scheduler, plot=args.plot)
    if accuracy < 0.97:
        raise SystemExit(f"test accuracy {accuracy:.2%} is below 97%")


if __name__ == "__main__":
    main()
