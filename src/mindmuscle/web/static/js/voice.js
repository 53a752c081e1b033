// Spoken counts and cues (Speech Synthesis API). Counts are short and cut off whatever
// is still being said so they stay on the beat; cues queue behind each other.
export class Voice {
  constructor() { this.enabled = true; this.synth = window.speechSynthesis || null; }

  say(text, { urgent = false, rate = 1.1 } = {}) {
    if (!this.enabled || !this.synth || !text) return;
    if (urgent) this.synth.cancel();
    const u = new SpeechSynthesisUtterance(String(text));
    u.rate = rate;
    this.synth.speak(u);
  }

  stop() { if (this.synth) this.synth.cancel(); }
}
