# The "simple reinforcement learning: the multi-armed bandit" tutorial (Arthur Juliani's Part 0 / contextual
# bandit, ported from TensorFlow to PyTorch in course notebooks): a policy of one weight per arm, epsilon-greedy
# choice, the loss -log(pi(a)) * reward on the responsible weight, a running reward table; then the contextual
# bandit with a Linear+Sigmoid agent, and a softmax policy with torch.distributions.Categorical and REINFORCE with
# a baseline.
import numpy as np
import torch
import torch.nn as nn
from torch.distributions import Categorical

np.random.seed(0)
torch.manual_seed(0)

bandit_arms = [0.2, 0, -0.2, -2]
num_arms = len(bandit_arms)


def pullBandit(bandit):
    result = np.random.randn(1)
    if result > bandit:
        return 1
    else:
        return -1


weights = torch.ones(num_arms, requires_grad=True)
optimizer = torch.optim.SGD([weights], lr=1e-3)
total_episodes = 400
total_reward = np.zeros(num_arms)
e = 0.1
for i in range(total_episodes):
    if np.random.rand(1) < e:
        action = np.random.randint(num_arms)
    else:
        action = int(torch.argmax(weights).item())
    reward = pullBandit(bandit_arms[action])
    responsible_weight = weights[action]
    loss = -(torch.log(responsible_weight) * reward)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    total_reward[action] += reward
    if i % 100 == 0:
        print("Running reward for the " + str(num_arms) + " arms of the bandit: " + str(total_reward))
print("The agent thinks arm " + str(int(torch.argmax(weights)) + 1) + " is the most promising....")
print(torch.round(weights.detach(), decimals=3))


class contextual_bandit():
    def __init__(self):
        self.state = 0
        self.bandits = np.array([[0.2, 0, -0.0, -5], [0.1, -5, 1, 0.25], [-5, 5, 5, 5]])
        self.num_bandits = self.bandits.shape[0]
        self.num_actions = self.bandits.shape[1]

    def getBandit(self):
        self.state = np.random.randint(0, len(self.bandits))
        return self.state

    def pullArm(self, action):
        bandit = self.bandits[self.state, action]
        result = np.random.randn(1)
        return 1 if result > bandit else -1


class agent(nn.Module):
    def __init__(self, s_size, a_size):
        super().__init__()
        self.fc = nn.Linear(s_size, a_size, bias=False)
        nn.init.ones_(self.fc.weight)

    def forward(self, state):
        one_hot = nn.functional.one_hot(torch.tensor([state]), self.fc.in_features).float()
        return torch.sigmoid(self.fc(one_hot)).view(-1)


cBandit = contextual_bandit()
myAgent = agent(cBandit.num_bandits, cBandit.num_actions)
opt = torch.optim.SGD(myAgent.parameters(), lr=0.001)
total_reward = np.zeros([cBandit.num_bandits, cBandit.num_actions])
for i in range(600):
    s = cBandit.getBandit()
    output = myAgent(s)
    if np.random.rand(1) < e:
        action = np.random.randint(cBandit.num_actions)
    else:
        action = int(torch.argmax(output))
    reward = cBandit.pullArm(action)
    loss = -(torch.log(output[action]) * reward)
    opt.zero_grad()
    loss.backward()
    opt.step()
    total_reward[s, action] += reward
    if i % 200 == 0:
        print("Mean reward for each of the " + str(cBandit.num_bandits) + " bandits: " + str(np.mean(total_reward, axis=1)))
W = myAgent.fc.weight.detach().t()
for a in range(cBandit.num_bandits):
    print("The agent thinks action " + str(int(torch.argmax(W[a])) + 1) + " for bandit " + str(a + 1) + " is the most promising....")

# softmax policy with Categorical and a running-mean baseline
logits = torch.zeros(num_arms, requires_grad=True)
opt = torch.optim.Adam([logits], lr=0.05)
baseline = 0.0
for step in range(300):
    dist = Categorical(logits=logits)
    a = dist.sample()
    r = float(pullBandit(bandit_arms[a.item()]))
    baseline = 0.9 * baseline + 0.1 * r
    loss = -dist.log_prob(a) * (r - baseline) - 0.01 * dist.entropy()
    opt.zero_grad()
    loss.backward()
    opt.step()
probs = torch.softmax(logits.detach(), 0)
print(probs.shape, round(probs.sum().item(), 4), int(probs.argmax()))
print(Categorical(probs=torch.tensor([0.1, 0.2, 0.7])).entropy())
