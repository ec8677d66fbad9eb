/**
 * A person using the stand-in through its REST API, as they would use GitHub: every action goes
 * over HTTP and causes the webhooks GitHub would send.
 */
export interface Person {
  login: string;
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  openIssue(
    repo: string,
    title: string,
    body?: string,
    labels?: string[],
  ): Promise<{ number: number; html_url: string }>;
  comment(repo: string, number: number, body: string): Promise<{ id: number }>;
  editComment(repo: string, commentId: number, body: string): Promise<void>;
  label(repo: string, number: number, ...labels: string[]): Promise<void>;
  unlabel(repo: string, number: number, label: string): Promise<void>;
  close(repo: string, number: number): Promise<void>;
  reopen(repo: string, number: number): Promise<void>;
}

export function person(baseUrl: string, login: string): Person {
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/v3${path}`, {
      method,
      headers: {
        authorization: `token user:${login}`,
        "content-type": "application/json",
        accept: "application/vnd.github+json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${login}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    login,
    request,
    openIssue: (repo, title, body = "", labels = []) =>
      request("POST", `/repos/${repo}/issues`, { title, body, labels }),
    comment: (repo, number, body) => request("POST", `/repos/${repo}/issues/${number}/comments`, { body }),
    editComment: async (repo, id, body) => {
      await request("PATCH", `/repos/${repo}/issues/comments/${id}`, { body });
    },
    label: async (repo, number, ...labels) => {
      await request("POST", `/repos/${repo}/issues/${number}/labels`, { labels });
    },
    unlabel: async (repo, number, label) => {
      await request("DELETE", `/repos/${repo}/issues/${number}/labels/${encodeURIComponent(label)}`);
    },
    close: async (repo, number) => {
      await request("PATCH", `/repos/${repo}/issues/${number}`, { state: "closed" });
    },
    reopen: async (repo, number) => {
      await request("PATCH", `/repos/${repo}/issues/${number}`, { state: "open" });
    },
  };
}
