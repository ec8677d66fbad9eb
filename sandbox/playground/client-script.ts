/**
 * The only script of the playground's pages, plain ES2017 so that it runs as written. The pages
 * work without it (forms post and redirect); with it, the live part of the page is fetched again
 * every second and forms send without leaving the page.
 */
export const CLIENT_SCRIPT = `(() => {
  const live = document.getElementById("pg-live");
  const state = document.getElementById("pg-state");
  let version = live.dataset.version;
  let busy = false;
  let followUntil = 0;
  const threadEndVisible = () => live.getBoundingClientRect().bottom <= innerHeight + 80;
  const toThreadEnd = () => scrollTo(0, Math.max(0, live.getBoundingClientRect().bottom + scrollY - innerHeight + 16));
  // Scripts set by innerHTML do not run: the page's own (drawing charts) are made anew, in order.
  const runScripts = () => {
    for (const old of live.querySelectorAll("script")) {
      const script = document.createElement("script");
      script.async = false;
      if (old.src) script.src = old.src;
      else script.textContent = old.textContent;
      old.replaceWith(script);
    }
  };
  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      const response = await fetch(live.dataset.live, { cache: "no-store", headers: { "if-none-match": version } });
      if (response.status !== 304) {
        if (!response.ok) throw new Error(String(response.status));
        const html = await response.text();
        const follow = Date.now() < followUntil || threadEndVisible();
        live.innerHTML = html;
        version = response.headers.get("etag");
        runScripts();
        if (follow) toThreadEnd();
      }
      state.textContent = "live";
      state.classList.remove("pg-down");
    } catch (error) {
      state.textContent = "not answering: is the demo still running?";
      state.classList.add("pg-down");
    } finally {
      busy = false;
    }
  }
  setInterval(() => { if (!document.hidden) refresh(); }, 1000);

  const selects = Array.from(document.querySelectorAll("select[name=as]"));
  let remembered = null;
  try { remembered = sessionStorage.getItem("pg-as"); } catch (error) {}
  for (const select of selects) {
    if (remembered && Array.from(select.options).some((o) => o.value === remembered)) select.value = remembered;
    select.addEventListener("change", () => {
      for (const other of selects) other.value = select.value;
      try { sessionStorage.setItem("pg-as", select.value); } catch (error) {}
    });
  }
  for (const form of document.querySelectorAll("form.pg-form")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = form.querySelector(".pg-status");
      const button = form.querySelector("button");
      button.disabled = true;
      status.classList.remove("pg-error");
      status.textContent = "sending…";
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: new URLSearchParams(new FormData(form)),
          headers: { accept: "application/json" },
        });
        const answer = await response.json();
        if (!response.ok) {
          status.textContent = answer.error;
          status.classList.add("pg-error");
          return;
        }
        if (answer.location !== location.pathname) return location.assign(answer.location);
        for (const field of form.querySelectorAll("textarea, input[type=text]")) field.value = "";
        status.textContent = answer.done;
        followUntil = Date.now() + 5000;
        refresh();
      } catch (error) {
        status.textContent = "the playground did not answer: is the demo still running?";
        status.classList.add("pg-error");
      } finally {
        button.disabled = false;
      }
    });
  }
  document.addEventListener("keydown", (event) => {
    const field = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && field.form && field.tagName === "TEXTAREA")
      field.form.requestSubmit();
  });
})();
`;
