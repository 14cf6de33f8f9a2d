"""Times one step of the reference Compass rule and of torch.optim.Adam with PyTorch on the CPU.

Usage: python3 bench/torch_step.py PARAMS VARIABLES [PARAMS VARIABLES ...]
Prints one JSON object: torch version, threads, and per case the median ms per step of each.
The Compass step is the update of lodestone-rock/compass_optimizer's compass.py (stepweight
decay), written with the same in-place tensor ops; the amplified gradient goes to a scratch
buffer instead of overwriting the (fixed) gradient, which moves the same bytes.
"""
import json
import math
import statistics
import sys
import time

import torch

WARMUP, STEPS, REPETITIONS = 3, 10, 5


class ReferenceCompass:
    def __init__(self, params, lr=1e-3, betas=(0.99, 0.999), amp_fac=2, eps=1e-8, weight_decay=0.01):
        self.params, self.lr, self.betas, self.amp_fac, self.eps, self.wd = params, lr, betas, amp_fac, eps, weight_decay
        self.state = [(torch.zeros_like(p), torch.zeros_like(p), torch.empty_like(p)) for p in params]
        self.t = 0

    @torch.no_grad()
    def step(self):
        self.t += 1
        beta1, beta2 = self.betas
        bias_correction1 = 1 - beta1 ** self.t
        bias_correction2 = 1 - beta2 ** self.t
        step_size = self.lr / bias_correction1
        for p, (exp_avg, exp_avg_sq, gh) in zip(self.params, self.state):
            grad = p.grad
            exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
            torch.add(grad, exp_avg, alpha=self.amp_fac, out=gh)
            exp_avg_sq.mul_(beta2).addcmul_(gh, gh, value=1 - beta2)
            denom = (exp_avg_sq.sqrt() / math.sqrt(bias_correction2)).add_(self.eps)
            p.mul_(1 - step_size * self.wd)
            p.addcdiv_(gh, denom, value=-step_size)


def time_steps(step, last):
    for _ in range(WARMUP):
        step()
    samples = []
    for _ in range(REPETITIONS):
        start = time.perf_counter()
        for _ in range(STEPS):
            step()
        float(last[0])  # completes the work (CPU ops are synchronous anyway)
        samples.append((time.perf_counter() - start) * 1000 / STEPS)
    return statistics.median(samples)


def bench(params, variables):
    gen = torch.Generator().manual_seed(1)
    size = round(params / variables)

    def make():
        ps = [torch.randn(size, generator=gen) for _ in range(variables)]
        for p in ps:
            p.grad = torch.randn(size, generator=gen) * 1e-2
        return ps

    compass_params, adam_params = make(), make()
    compass = ReferenceCompass(compass_params)
    adam = torch.optim.Adam(adam_params, lr=1e-3)
    return {
        "params": params,
        "variables": variables,
        "compassMs": time_steps(compass.step, compass_params[-1]),
        "adamMs": time_steps(adam.step, adam_params[-1]),
    }


if __name__ == "__main__":
    args = [int(float(a)) for a in sys.argv[1:]]
    cases = [bench(args[i], args[i + 1]) for i in range(0, len(args), 2)]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "cases": cases}))
