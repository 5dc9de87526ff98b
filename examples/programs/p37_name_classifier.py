# "Classifying names with a character-level RNN": one-hot letters, an RNN cell written as a module with
# nn.LogSoftmax, NLLLoss, manual parameter updates, top-k predictions and a confusion matrix.
import random
import string

import torch
import torch.nn as nn

all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)
category_lines = {
    'English': ['Smith', 'Johnson', 'Walker', 'Wright', 'Hill'],
    'Italian': ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi'],
    'Japanese': ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe'],
}
all_categories = list(category_lines)
n_categories = len(all_categories)


def letterToIndex(letter):
    return all_letters.find(letter)


def letterToTensor(letter):
    tensor = torch.zeros(1, n_letters)
    tensor[0][letterToIndex(letter)] = 1
    return tensor


def lineToTensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor


print(letterToTensor('J'))
print(lineToTensor('Jones').size())


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(input_size + hidden_size, hidden_size)
        self.h2o = nn.Linear(hidden_size + input_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, input, hidden):
        combined = torch.cat((input, hidden), 1)
        hidden = torch.tanh(self.i2h(combined))
        output = self.h2o(torch.cat((input, hidden), 1))
        output = self.softmax(output)
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)


torch.manual_seed(0)
n_hidden = 32
rnn = RNN(n_letters, n_hidden, n_categories)
print(rnn)
output, next_hidden = rnn(letterToTensor('A'), rnn.initHidden())
print(output.shape, next_hidden.shape, output.exp().sum().item() > 0.999)


def categoryFromOutput(output):
    top_n, top_i = output.topk(1)
    category_i = top_i[0].item()
    return all_categories[category_i], category_i


criterion = nn.NLLLoss()
learning_rate = 0.01


def train(category_tensor, line_tensor):
    hidden = rnn.initHidden()
    rnn.zero_grad()
    for i in range(line_tensor.size()[0]):
        output, hidden = rnn(line_tensor[i], hidden)
    loss = criterion(output, category_tensor)
    loss.backward()
    for p in rnn.parameters():
        p.data.add_(p.grad.data, alpha=-learning_rate)
    return output, loss.item()


pairs = [(c, line) for c in all_categories for line in category_lines[c]]
random.seed(0)
current_loss = 0
for iter in range(1, 601):
    category, line = random.choice(pairs)
    category_tensor = torch.tensor([all_categories.index(category)], dtype=torch.long)
    output, loss = train(category_tensor, lineToTensor(line))
    current_loss += loss
    if iter % 200 == 0:
        guess, guess_i = categoryFromOutput(output)
        print('%d %d%% average loss %.4f' % (iter, iter / 600 * 100, current_loss / 200))
        current_loss = 0


def evaluate(line_tensor):
    hidden = rnn.initHidden()
    for i in range(line_tensor.size()[0]):
        output, hidden = rnn(line_tensor[i], hidden)
    return output


confusion = torch.zeros(n_categories, n_categories)
with torch.no_grad():
    for category, line in pairs:
        output = evaluate(lineToTensor(line))
        guess, guess_i = categoryFromOutput(output)
        confusion[all_categories.index(category)][guess_i] += 1
for i in range(n_categories):
    confusion[i] = confusion[i] / confusion[i].sum()
print(confusion.shape, confusion.sum(1))

with torch.no_grad():
    output = evaluate(lineToTensor('Satou'))
    topv, topi = output.topk(3, 1, True)
    print(topv.shape, topi.dtype, [all_categories[i] for i in topi[0].tolist()].__len__())
