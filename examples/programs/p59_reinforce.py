# pytorch/examples reinforcement_learning/reinforce.py on a small built-in environment (no gym): a policy network
# with dropout and softmax, torch.distributions.Categorical (sample, log_prob, entropy), discounted returns
# normalised with np.finfo(np.float32).eps, torch.cat(policy_loss).sum().
import argparse
from collections import deque

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.distributions import Categorical

parser = argparse.ArgumentParser(description='PyTorch REINFORCE example')
parser.add_argument('--gamma', type=float, default=0.99, metavar='G',
                    help='discount factor (default: 0.99)')
parser.add_argument('--seed', type=int, default=543, metavar='N',
                    help='random seed (default: 543)')
parser.add_argument('--render', action='store_true',
                    help='render the environment')
parser.add_argument('--log-interval', type=int, default=5, metavar='N',
                    help='interval between training status logs (default: 5)')
args = parser.parse_args()


class LineWorld:
    """Walk on a line from 0; action 1 steps right, 0 steps left; reward 1 per step, done at |x| >= 4 or 30 steps."""

    def __init__(self, seed):
        self.rng = np.random.RandomState(seed)

    def reset(self):
        self.x = 0
        self.t = 0
        return self._obs(), {}

    def _obs(self):
        return np.array([self.x / 4.0, self.t / 30.0, 1.0, self.rng.uniform(-0.05, 0.05)])

    def step(self, action):
        self.x += 1 if action == 1 else -1
        self.t += 1
        terminated = abs(self.x) >= 4
        truncated = self.t >= 30
        return self._obs(), 1.0, terminated, truncated, {}


env = LineWorld(args.seed)
torch.manual_seed(args.seed)


class Policy(nn.Module):
    def __init__(self):
        super(Policy, self).__init__()
        self.affine1 = nn.Linear(4, 128)
        self.dropout = nn.Dropout(p=0.6)
        self.affine2 = nn.Linear(128, 2)

        self.saved_log_probs = []
        self.rewards = []

    def forward(self, x):
        x = self.affine1(x)
        x = self.dropout(x)
        x = F.relu(x)
        action_scores = self.affine2(x)
        return F.softmax(action_scores, dim=1)


policy = Policy()
optimizer = optim.Adam(policy.parameters(), lr=1e-2)
eps = np.finfo(np.float32).eps.item()


def select_action(state):
    state = torch.from_numpy(state).float().unsqueeze(0)
    probs = policy(state)
    m = Categorical(probs)
    action = m.sample()
    policy.saved_log_probs.append(m.log_prob(action))
    return action.item()


def finish_episode():
    R = 0
    policy_loss = []
    returns = deque()
    for r in policy.rewards[::-1]:
        R = r + args.gamma * R
        returns.appendleft(R)
    returns = torch.tensor(returns)
    returns = (returns - returns.mean()) / (returns.std() + eps)
    for log_prob, R in zip(policy.saved_log_probs, returns):
        policy_loss.append(-log_prob * R)
    optimizer.zero_grad()
    policy_loss = torch.cat(policy_loss).sum()
    policy_loss.backward()
    optimizer.step()
    del policy.rewards[:]
    del policy.saved_log_probs[:]
    return policy_loss


def main():
    running_reward = 10
    for i_episode in range(1, 21):
        state, _ = env.reset()
        ep_reward = 0
        for t in range(1, 10000):  # Don't infinite loop while learning
            action = select_action(state)
            state, reward, done, _, _ = env.step(action)
            policy.rewards.append(reward)
            ep_reward += reward
            if done or t >= 30:
                break

        running_reward = 0.05 * ep_reward + (1 - 0.05) * running_reward
        loss = finish_episode()
        if i_episode % args.log_interval == 0:
            print('Episode {}\tLast reward: {:.2f}\tAverage reward: {:.2f}\tloss {}'.format(
                  i_episode, ep_reward, running_reward, loss.shape))
        if running_reward > 1000:
            print("Solved! Running reward is now {} and "
                  "the last episode runs to {} time steps!".format(running_reward, t))
            break

    probs = torch.tensor([[0.25, 0.75]])
    m = Categorical(probs)
    print(m)
    print(m.probs, m.logits)
    print(m.log_prob(torch.tensor([1, 0])))
    print(m.entropy())
    print(m.sample().shape, m.sample((3,)).shape, m.batch_shape, m.event_shape)
    print(Categorical(logits=torch.tensor([0.0, 1.0, 2.0])).probs)


if __name__ == '__main__':
    main()
