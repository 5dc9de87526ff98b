# Proximal Policy Optimization in the style of the PPO tutorials (an ActorCritic nn.Module with Categorical
# actions, a rollout buffer, generalized advantage estimation, the clipped surrogate objective with
# torch.clamp/torch.min, value and entropy terms, minibatches from BatchSampler(SubsetRandomSampler(...)) and
# clip_grad_norm_), on a small synthetic corridor environment instead of gym.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.distributions import Categorical
from torch.utils.data.sampler import BatchSampler, SubsetRandomSampler


class Corridor:
    """Walk left or right along 6 cells; +1 for reaching the right end, -0.01 per step, 12 steps at most."""
    n_states, n_actions = 6, 2

    def reset(self):
        self.pos, self.t = 0, 0
        return self._obs()

    def _obs(self):
        obs = np.zeros(self.n_states, dtype=np.float32)
        obs[self.pos] = 1.0
        return obs

    def step(self, action):
        self.t += 1
        self.pos = min(max(self.pos + (1 if action == 1 else -1), 0), self.n_states - 1)
        done = self.pos == self.n_states - 1 or self.t >= 12
        reward = 1.0 if self.pos == self.n_states - 1 else -0.01
        return self._obs(), reward, done, {}


class ActorCritic(nn.Module):
    def __init__(self, state_dim, action_dim, hidden=32):
        super(ActorCritic, self).__init__()
        self.actor = nn.Sequential(
            nn.Linear(state_dim, hidden), nn.Tanh(),
            nn.Linear(hidden, hidden), nn.Tanh(),
            nn.Linear(hidden, action_dim), nn.Softmax(dim=-1)
        )
        self.critic = nn.Sequential(
            nn.Linear(state_dim, hidden), nn.Tanh(),
            nn.Linear(hidden, hidden), nn.Tanh(),
            nn.Linear(hidden, 1)
        )

    def act(self, state):
        action_probs = self.actor(state)
        dist = Categorical(action_probs)
        action = dist.sample()
        action_logprob = dist.log_prob(action)
        state_val = self.critic(state)
        return action.detach(), action_logprob.detach(), state_val.detach()

    def evaluate(self, state, action):
        action_probs = self.actor(state)
        dist = Categorical(action_probs)
        action_logprobs = dist.log_prob(action)
        dist_entropy = dist.entropy()
        state_values = self.critic(state)
        return action_logprobs, state_values, dist_entropy


def compute_gae(rewards, values, dones, next_value, gamma=0.99, lam=0.95):
    advantages = torch.zeros_like(rewards)
    last_gae = 0.0
    for t in reversed(range(len(rewards))):
        next_v = next_value if t == len(rewards) - 1 else values[t + 1]
        mask = 1.0 - dones[t]
        delta = rewards[t] + gamma * next_v * mask - values[t]
        last_gae = delta + gamma * lam * mask * last_gae
        advantages[t] = last_gae
    return advantages, advantages + values


torch.manual_seed(0)
np.random.seed(0)
env = Corridor()
policy = ActorCritic(env.n_states, env.n_actions)
optimizer = optim.Adam([
    {'params': policy.actor.parameters(), 'lr': 3e-3},
    {'params': policy.critic.parameters(), 'lr': 1e-2},
])
print(policy.actor)
print([g['lr'] for g in optimizer.param_groups])

# GAE on a fixed trajectory
r = torch.tensor([0.0, 0.0, 1.0, 0.0])
v = torch.tensor([0.5, 0.6, 0.7, 0.2])
d = torch.tensor([0.0, 0.0, 1.0, 0.0])
adv, ret = compute_gae(r, v, d, torch.tensor(0.3))
print(adv, ret)

eps_clip, K_epochs, steps_per_update = 0.2, 4, 64
state = env.reset()
episode_rewards, ep_reward = [], 0.0
for update in range(1, 6):
    states, actions, logprobs, values, rewards, dones = [], [], [], [], [], []
    for _ in range(steps_per_update):
        state_t = torch.FloatTensor(state)
        with torch.no_grad():
            action, logprob, value = policy.act(state_t)
        state, reward, done, _ = env.step(action.item())
        ep_reward += reward
        states.append(state_t)
        actions.append(action)
        logprobs.append(logprob)
        values.append(value)
        rewards.append(reward)
        dones.append(float(done))
        if done:
            episode_rewards.append(ep_reward)
            ep_reward = 0.0
            state = env.reset()
    with torch.no_grad():
        next_value = policy.critic(torch.FloatTensor(state)).squeeze()
    old_states = torch.stack(states)
    old_actions = torch.stack(actions)
    old_logprobs = torch.stack(logprobs)
    old_values = torch.cat(values)
    advantages, returns = compute_gae(torch.tensor(rewards), old_values, torch.tensor(dones), next_value)
    advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-7)

    for _ in range(K_epochs):
        for index in BatchSampler(SubsetRandomSampler(range(steps_per_update)), 16, False):
            new_logprobs, state_values, dist_entropy = policy.evaluate(old_states[index], old_actions[index])
            state_values = torch.squeeze(state_values)
            # Finding the ratio (pi_theta / pi_theta__old)
            ratios = torch.exp(new_logprobs - old_logprobs[index].detach())
            # Finding Surrogate Loss
            surr1 = ratios * advantages[index]
            surr2 = torch.clamp(ratios, 1 - eps_clip, 1 + eps_clip) * advantages[index]
            # final loss of clipped objective PPO
            loss = -torch.min(surr1, surr2) + 0.5 * F.mse_loss(state_values, returns[index]) - 0.01 * dist_entropy
            optimizer.zero_grad()
            loss.mean().backward()
            nn.utils.clip_grad_norm_(policy.parameters(), 0.5)
            optimizer.step()
    clip_frac = ((ratios - 1).abs() > eps_clip).float().mean().item()
    print(f"Update {update}\tEpisodes: {len(episode_rewards)}\tLoss: {loss.mean().item():.4f}\t"
          f"Clip fraction: {clip_frac:.2f}\tLast reward: {episode_rewards[-1] if episode_rewards else 0:.2f}")

with torch.no_grad():
    probs = policy.actor(torch.eye(env.n_states))
print(probs.shape, torch.allclose(probs.sum(-1), torch.ones(env.n_states)))
dist = Categorical(logits=torch.tensor([[0.0, 1.0], [2.0, 0.0]]))
print(dist.probs, dist.entropy(), dist.log_prob(torch.tensor([1, 1])), dist.sample().shape)
