# Raschka, "Build a Large Language Model (From Scratch)", chapter 6 and appendix E with a tiny model: a small
# pretrained-style classifier backbone gets a new 2-class head, requires_grad=False on everything but the last
# block and the head, calc_accuracy_loader over the last token's logits; then LoRA: LoRALayer (A with
# kaiming_uniform_(a=sqrt(5)), B zeros, alpha/rank scaling), LinearWithLoRA, replace_linear_with_lora walking
# named_children recursively, the trainable parameter counts before and after, and fine-tuning only A and B.
import math

import torch
import torch.nn as nn


class TinyBackbone(nn.Module):
    def __init__(self, vocab_size=20, emb_dim=16, context_length=8, n_layers=2):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab_size, emb_dim)
        self.pos_emb = nn.Embedding(context_length, emb_dim)
        self.trf_blocks = nn.Sequential(*[nn.Sequential(nn.LayerNorm(emb_dim), nn.Linear(emb_dim, 4 * emb_dim),
                                                        nn.GELU(), nn.Linear(4 * emb_dim, emb_dim))
                                          for _ in range(n_layers)])
        self.final_norm = nn.LayerNorm(emb_dim)
        self.out_head = nn.Linear(emb_dim, vocab_size, bias=False)

    def forward(self, in_idx):
        batch_size, seq_len = in_idx.shape
        x = self.tok_emb(in_idx) + self.pos_emb(torch.arange(seq_len, device=in_idx.device))
        for block in self.trf_blocks:
            x = x + block(x)
        x = self.final_norm(x)
        return self.out_head(x)


torch.manual_seed(123)
model = TinyBackbone()
total_params = sum(p.numel() for p in model.parameters())
print(f"Total number of parameters: {total_params:,}")
for param in model.parameters():
    param.requires_grad = False
num_classes = 2
model.out_head = torch.nn.Linear(in_features=16, out_features=num_classes)
for param in model.trf_blocks[-1].parameters():
    param.requires_grad = True
for param in model.final_norm.parameters():
    param.requires_grad = True
print(model.out_head)
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"Trainable parameters: {trainable:,}")

inputs = torch.tensor([[3, 5, 7, 9]])
print("Inputs:", inputs)
print("Inputs dimensions:", inputs.shape)
with torch.no_grad():
    outputs = model(inputs)
print("Outputs:\n", outputs)
print("Outputs dimensions:", outputs.shape)
print("Last output token:", outputs[:, -1, :])
probas = torch.softmax(outputs[:, -1, :], dim=-1)
label = torch.argmax(probas)
print("Class label:", label.item())

# Synthetic "spam" data: class 1 sequences contain token 1 somewhere
torch.manual_seed(0)
X = torch.randint(2, 20, (160, 8))
y = torch.randint(0, 2, (160,))
pos = torch.randint(0, 8, (160,))
X[y == 1, pos[y == 1]] = 1
train_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X[:128], y[:128]), batch_size=16,
                                           shuffle=True, drop_last=True)
val_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X[128:], y[128:]), batch_size=16)


def calc_accuracy_loader(data_loader, model, device, num_batches=None):
    model.eval()
    correct_predictions, num_examples = 0, 0
    if num_batches is None:
        num_batches = len(data_loader)
    else:
        num_batches = min(num_batches, len(data_loader))
    for i, (input_batch, target_batch) in enumerate(data_loader):
        if i < num_batches:
            input_batch, target_batch = input_batch.to(device), target_batch.to(device)
            with torch.no_grad():
                logits = model(input_batch)[:, -1, :]
            predicted_labels = torch.argmax(logits, dim=-1)
            num_examples += predicted_labels.shape[0]
            correct_predictions += (predicted_labels == target_batch).sum().item()
        else:
            break
    return correct_predictions / num_examples


def calc_loss_batch(input_batch, target_batch, model, device):
    input_batch, target_batch = input_batch.to(device), target_batch.to(device)
    logits = model(input_batch)[:, -1, :]
    return torch.nn.functional.cross_entropy(logits, target_batch)


def calc_loss_loader(data_loader, model, device, num_batches=None):
    total_loss = 0.
    if len(data_loader) == 0:
        return float("nan")
    elif num_batches is None:
        num_batches = len(data_loader)
    else:
        num_batches = min(num_batches, len(data_loader))
    for i, (input_batch, target_batch) in enumerate(data_loader):
        if i < num_batches:
            loss = calc_loss_batch(input_batch, target_batch, model, device)
            total_loss += loss.item()
        else:
            break
    return total_loss / num_batches


device = torch.device("cpu")
model.to(device)
torch.manual_seed(123)
train_accuracy = calc_accuracy_loader(train_loader, model, device, num_batches=4)
val_accuracy = calc_accuracy_loader(val_loader, model, device, num_batches=4)
print(f"Training accuracy: {train_accuracy*100:.2f}%")
print(f"Validation accuracy: {val_accuracy*100:.2f}%")
with torch.no_grad():
    train_loss = calc_loss_loader(train_loader, model, device, num_batches=5)
print(f"Training loss: {train_loss:.3f}")


def train_classifier_simple(model, train_loader, val_loader, optimizer, device, num_epochs, eval_freq, eval_iter):
    train_losses, val_losses = [], []
    examples_seen, global_step = 0, -1
    for epoch in range(num_epochs):
        model.train()
        for input_batch, target_batch in train_loader:
            optimizer.zero_grad()
            loss = calc_loss_batch(input_batch, target_batch, model, device)
            loss.backward()
            optimizer.step()
            examples_seen += input_batch.shape[0]
            global_step += 1
            if global_step % eval_freq == 0:
                model.eval()
                with torch.no_grad():
                    train_loss = calc_loss_loader(train_loader, model, device, num_batches=eval_iter)
                    val_loss = calc_loss_loader(val_loader, model, device, num_batches=eval_iter)
                model.train()
                train_losses.append(train_loss)
                val_losses.append(val_loss)
                print(f"Ep {epoch+1} (Step {global_step:06d}): Train loss {train_loss:.3f}, Val loss {val_loss:.3f}")
        train_accuracy = calc_accuracy_loader(train_loader, model, device, num_batches=eval_iter)
        val_accuracy = calc_accuracy_loader(val_loader, model, device, num_batches=eval_iter)
        print(f"Training accuracy: {train_accuracy*100:.2f}% | ", end="")
        print(f"Validation accuracy: {val_accuracy*100:.2f}%")
    return train_losses, val_losses, examples_seen


torch.manual_seed(123)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=0.1)
_, _, examples_seen = train_classifier_simple(model, train_loader, val_loader, optimizer, device, num_epochs=3,
                                              eval_freq=8, eval_iter=2)
print("examples seen", examples_seen)


class LoRALayer(torch.nn.Module):
    def __init__(self, in_dim, out_dim, rank, alpha):
        super().__init__()
        self.A = torch.nn.Parameter(torch.empty(in_dim, rank))
        torch.nn.init.kaiming_uniform_(self.A, a=math.sqrt(5))
        self.B = torch.nn.Parameter(torch.zeros(rank, out_dim))
        self.alpha = alpha
        self.rank = rank

    def forward(self, x):
        x = (self.alpha / self.rank) * (x @ self.A @ self.B)
        return x


class LinearWithLoRA(torch.nn.Module):
    def __init__(self, linear, rank, alpha):
        super().__init__()
        self.linear = linear
        self.lora = LoRALayer(linear.in_features, linear.out_features, rank, alpha)

    def forward(self, x):
        return self.linear(x) + self.lora(x)


def replace_linear_with_lora(model, rank, alpha):
    for name, module in model.named_children():
        if isinstance(module, torch.nn.Linear):
            setattr(model, name, LinearWithLoRA(module, rank, alpha))
        else:
            replace_linear_with_lora(module, rank, alpha)


torch.manual_seed(123)
model = TinyBackbone()
model.out_head = torch.nn.Linear(in_features=16, out_features=num_classes)
total_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"Total trainable parameters before: {total_params:,}")
for param in model.parameters():
    param.requires_grad = False
total_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"Total trainable parameters after: {total_params:,}")
with torch.no_grad():
    before = model(inputs)
replace_linear_with_lora(model, rank=4, alpha=8)
total_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"Total trainable LoRA parameters: {total_params:,}")
print(model.trf_blocks[0])
print(model.out_head)
with torch.no_grad():
    print("unchanged at init:", torch.equal(before, model(inputs)))
torch.manual_seed(123)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=0.1)
train_classifier_simple(model, train_loader, val_loader, optimizer, device, num_epochs=3, eval_freq=8, eval_iter=2)
print(model.out_head.lora.B.abs().sum() > 0, model.out_head.linear.weight.grad)
print(sorted({n.split(".")[-1] for n, p in model.named_parameters() if p.requires_grad}))
