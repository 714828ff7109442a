// The case text editor: each `[data-rich-text]` wrapper's textarea becomes a Squire editor with a
// small toolbar (docs/decisions/0002-rich-text-editor.md). The form still posts the textarea, which
// the editor keeps up to date; without JavaScript the textarea is used as it is. The server
// sanitises again with nh3 (meetings/rich_text.py); the allow-list here is the same, so what the
// secretary sees after pasting from Word is what is saved.
(function () {
  "use strict";

  var TAGS = [
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote",
    "a", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
  ];
  var RENAMED = { H1: "h2", H5: "h4", H6: "h4" };
  var LIST_STYLE = /mso-list:\s*(l\d+)\s+level(\d+)/i;
  var ORDERED = /^\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})[.)]$/;
  var LEADING_MARKER =
    /^[\s\u00a0]*([·•▪◦o§\-–*]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcdmIVXLCDM]{1,6})[.)])[\s\u00a0]+/;

  // A document made with DOMParser shares the page's Content Security Policy: Chromium reports
  // (and blocks) every style attribute, <style> element and event handler it parses. So these are
  // renamed in the text first; the reshaping below reads the styles under their new name, and the
  // allow-list drops them all.
  function defuse(html) {
    return html
      .replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, "")
      .replace(/<[a-zA-Z][^>]*>/g, function (tag) {
        return tag.replace(/(\s)(style|on[a-z]+)(\s*=)/gi, "$1data-klynge-$2$3");
      });
  }

  function styleOf(element) {
    return element.getAttribute("data-klynge-style") || "";
  }

  function rename(element, tag) {
    var renamed = element.ownerDocument.createElement(tag);
    while (element.firstChild) {
      renamed.appendChild(element.firstChild);
    }
    element.parentNode.replaceChild(renamed, element);
    return renamed;
  }

  function unwrap(element) {
    while (element.firstChild) {
      element.parentNode.insertBefore(element.firstChild, element);
    }
    element.parentNode.removeChild(element);
  }

  // Word's list paragraphs (MsoListParagraph, `mso-list:l0 level1 lfo1`, the bullet in a
  // `mso-list:Ignore` span) as real, nested lists; as rich_text._WordParser does on the server.
  function listItemOf(paragraph) {
    var found = LIST_STYLE.exec(styleOf(paragraph));
    if (!found && !/^MsoListParagraph/i.test(paragraph.className)) {
      return null;
    }
    var marker = "";
    var spans = paragraph.querySelectorAll("span");
    for (var i = 0; i < spans.length; i++) {
      if (/mso-list:\s*ignore/i.test(styleOf(spans[i]))) {
        marker = spans[i].textContent.replace(/\u00a0/g, " ").trim();
        spans[i].parentNode.removeChild(spans[i]);
        break;
      }
    }
    if (!marker) {
      var walker = paragraph.ownerDocument.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      var text;
      while ((text = walker.nextNode()) && !text.data.trim()) {
        // skip empty text
      }
      var leading = text ? LEADING_MARKER.exec(text.data) : null;
      if (leading) {
        marker = leading[1];
        text.data = text.data.slice(leading[0].length);
      }
    }
    if (!marker && !found) {
      return null; // the "List Paragraph" style without a list
    }
    return {
      paragraph: paragraph,
      tag: ORDERED.test(marker) ? "ol" : "ul",
      level: found ? parseInt(found[2], 10) : 1,
      key: found ? found[1] : null,
    };
  }

  function wordLists(body) {
    var runs = [];
    var run = null;
    Array.prototype.forEach.call(body.querySelectorAll("p"), function (paragraph) {
      var item = listItemOf(paragraph);
      if (!item) {
        return;
      }
      var previous = run && run[run.length - 1].paragraph;
      if (previous && paragraph.previousElementSibling === previous) {
        run.push(item);
      } else {
        run = [item];
        runs.push(run);
      }
    });
    runs.forEach(function (items) {
      var stack = [];
      items.forEach(function (item) {
        while (stack.length && stack[stack.length - 1].level > item.level) {
          stack.pop();
        }
        var top = stack[stack.length - 1];
        if (top && top.level === item.level &&
            !(top.tag === item.tag && (top.key === item.key || item.level > 1))) {
          stack.pop();
          top = stack[stack.length - 1];
        }
        if (!top || top.level < item.level) {
          var list = body.ownerDocument.createElement(item.tag);
          if (top) {
            top.lastItem.appendChild(list);
          } else {
            item.paragraph.parentNode.insertBefore(list, item.paragraph);
          }
          top = { list: list, tag: item.tag, level: item.level, key: item.key, lastItem: null };
          stack.push(top);
        }
        var li = body.ownerDocument.createElement("li");
        while (item.paragraph.firstChild) {
          li.appendChild(item.paragraph.firstChild);
        }
        item.paragraph.parentNode.removeChild(item.paragraph);
        top.list.appendChild(li);
        top.lastItem = li;
      });
    });
  }

  // Google Docs marks bold, italic and underline with styles, and wraps everything in a
  // <b style="font-weight:normal">.
  function styledSpans(body) {
    Array.prototype.forEach.call(body.querySelectorAll("b"), function (b) {
      if (/font-weight:\s*(normal|[1-4]00)/i.test(styleOf(b))) {
        unwrap(b);
      }
    });
    Array.prototype.forEach.call(body.querySelectorAll("span[data-klynge-style]"), function (span) {
      var style = styleOf(span);
      [
        ["strong", /font-weight:\s*(bold|[6-9]00)/i],
        ["em", /font-style:\s*italic/i],
        ["u", /text-decoration(-line)?:[^;]*underline/i],
      ].forEach(function (format) {
        if (format[1].test(style)) {
          var wrapper = body.ownerDocument.createElement(format[0]);
          while (span.firstChild) {
            wrapper.appendChild(span.firstChild);
          }
          span.appendChild(wrapper);
        }
      });
    });
  }

  // Parsed in a document of its own (no scripts run, no styles apply), reshaped, then only the
  // allowed tags and attributes kept. Squire calls this for pasted HTML and for setHTML.
  function sanitise(html) {
    var doc = new DOMParser().parseFromString(defuse(html), "text/html");
    var body = doc.body;
    wordLists(body);
    styledSpans(body);
    Array.prototype.forEach.call(body.querySelectorAll("h1, h5, h6"), function (heading) {
      rename(heading, RENAMED[heading.nodeName]);
    });
    var fragment = DOMPurify.sanitize(body.innerHTML, {
      ALLOWED_TAGS: TAGS,
      ALLOWED_ATTR: ["href", "colspan", "rowspan"],
      ALLOW_DATA_ATTR: false,
      ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
      RETURN_DOM_FRAGMENT: true,
    });
    Array.prototype.forEach.call(fragment.querySelectorAll("p"), function (paragraph) {
      if (!paragraph.textContent.replace(/[\s\u00a0]/g, "") && !paragraph.querySelector("br")) {
        paragraph.parentNode.removeChild(paragraph);
      }
    });
    Array.prototype.forEach.call(fragment.querySelectorAll("a:not([href])"), unwrap);
    return document.importNode(fragment, true);
  }

  function closestIn(editor, names) {
    var node = editor.getSelection().startContainer;
    var root = editor.getRoot();
    for (; node && node !== root; node = node.parentNode) {
      if (names.indexOf(node.nodeName) !== -1) {
        return node.nodeName;
      }
    }
    return null;
  }

  // The selected paragraphs become headings (or back); list items and table cells stay as they are.
  function setBlocks(editor, tag) {
    var blocks = [];
    editor.forEachBlock(function (block) {
      if (/^(P|DIV|H[1-6])$/.test(block.nodeName)) {
        blocks.push(block);
      }
    }, true);
    if (blocks.every(function (block) { return block.nodeName === tag; })) {
      tag = "P";
    }
    var range = editor.getSelection();
    var start = [range.startContainer, range.startOffset];
    var end = [range.endContainer, range.endOffset];
    blocks.forEach(function (block) {
      if (block.nodeName === tag) {
        return;
      }
      var renamed = rename(block, tag);
      if (start[0] === block) {
        start[0] = renamed;
      }
      if (end[0] === block) {
        end[0] = renamed;
      }
    });
    range.setStart(start[0], start[1]);
    range.setEnd(end[0], end[1]);
    editor.setSelection(range);
    editor.focus();
  }

  var BUTTONS = [
    { name: "bold", tag: "B", run: function (e) { return e.hasFormat("B") ? e.removeBold() : e.bold(); } },
    { name: "italic", tag: "I", run: function (e) { return e.hasFormat("I") ? e.removeItalic() : e.italic(); } },
    { name: "underline", tag: "U", run: function (e) { return e.hasFormat("U") ? e.removeUnderline() : e.underline(); } },
    { name: "heading", block: "H2", run: function (e) { setBlocks(e, "H2"); } },
    { name: "subheading", block: "H3", run: function (e) { setBlocks(e, "H3"); } },
    { name: "paragraph", run: function (e) { setBlocks(e, "P"); } },
    { name: "bullets", list: "UL", run: function (e) { return closestIn(e, ["UL", "OL"]) === "UL" ? e.removeList() : e.makeUnorderedList(); } },
    { name: "numbers", list: "OL", run: function (e) { return closestIn(e, ["UL", "OL"]) === "OL" ? e.removeList() : e.makeOrderedList(); } },
    { name: "clear", run: function (e) { return e.removeAllFormatting(); } },
    { name: "undo", run: function (e) { return e.undo(); } },
    { name: "redo", run: function (e) { return e.redo(); } },
  ];

  function toolbarFor(wrapper, editor, area) {
    var toolbar = document.createElement("div");
    toolbar.className = "klynge-rich-text-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", wrapper.dataset.labelToolbar);
    toolbar.setAttribute("aria-controls", area.id);
    var buttons = BUTTONS.map(function (spec, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "klynge-rich-text-button klynge-rich-text-" + spec.name;
      button.textContent = wrapper.dataset["label" + spec.name.charAt(0).toUpperCase() + spec.name.slice(1)];
      button.tabIndex = index === 0 ? 0 : -1;
      if (spec.tag || spec.block || spec.list) {
        button.setAttribute("aria-pressed", "false");
      }
      // Keep the editor's selection when the button is clicked with a mouse.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        spec.run(editor);
        update();
      });
      toolbar.appendChild(button);
      return button;
    });
    // One tab stop for the toolbar; the arrow keys, Home and End move between its buttons.
    toolbar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (index === -1 || next === undefined) {
        return;
      }
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[index].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    function update() {
      var block = closestIn(editor, ["H2", "H3", "H4", "P", "LI"]);
      var list = closestIn(editor, ["UL", "OL"]);
      BUTTONS.forEach(function (spec, index) {
        var pressed = spec.tag ? editor.hasFormat(spec.tag) : spec.block ? block === spec.block : spec.list ? list === spec.list : null;
        if (pressed !== null) {
          buttons[index].setAttribute("aria-pressed", pressed ? "true" : "false");
        }
      });
    }
    editor.addEventListener("pathChange", update);
    return toolbar;
  }

  function enhance(wrapper) {
    var textarea = wrapper.querySelector("textarea");
    var label = textarea && document.querySelector('label[for="' + textarea.id + '"]');
    if (!label || wrapper.dataset.richTextReady) {
      return; // the textarea as it is
    }
    wrapper.dataset.richTextReady = "true";
    if (!label.id) {
      label.id = textarea.id + "-label";
    }
    var area = document.createElement("div");
    area.id = textarea.id + "-editor";
    area.className = "klynge-rich-text klynge-rich-text-area";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-labelledby", label.id);
    ["aria-describedby", "aria-invalid"].forEach(function (name) {
      if (textarea.hasAttribute(name)) {
        area.setAttribute(name, textarea.getAttribute(name));
      }
    });
    textarea.parentNode.insertBefore(area, textarea);
    var editor = new Squire(area, { blockTag: "P", sanitizeToDOMFragment: sanitise });
    editor.setHTML(textarea.value);
    area.parentNode.insertBefore(toolbarFor(wrapper, editor, area), area);
    textarea.hidden = true;
    // The textarea changes only when the text does, so an unchanged item is saved unchanged.
    editor.addEventListener("input", function () {
      textarea.value = editor.getHTML();
    });
    label.addEventListener("click", function (event) {
      event.preventDefault();
      editor.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Squire || !window.DOMPurify) {
      return; // the plain textarea still works
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-rich-text]"), enhance);
  });
})();
